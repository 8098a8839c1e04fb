// Seed 002 (a ticket desk's Socket.IO server) replaced by Switchboard with the `tickets` profile:
// the seed's documented client code, with the URL and `auth: { token }` as the only changes.
// Env: URL_A, URL_B (HTTP roots of two nodes), TRANSPORTS, TICKET, TOKEN_USER / NAME_USER (the
// ticket's customer), TOKEN_AGENT / NAME_AGENT (an agent of its department).
'use strict';
const { io } = require('socket.io-client');
const { env, checker, inbox, connected, untilHeard } = require('./common');

const { check, run } = checker();
const transports = env('TRANSPORTS').split(',');
const ticketId = env('TICKET');

async function main() {
  // The seed's connectSocket(), on two nodes
  const user = io(env('URL_A'), { transports, autoConnect: true, auth: { token: env('TOKEN_USER') } });
  const agent = io(env('URL_B'), { transports, autoConnect: true, auth: { token: env('TOKEN_AGENT') } });
  const userEvents = inbox(user);
  const agentEvents = inbox(agent);
  await Promise.all([connected(user), connected(agent)]);
  check('both sockets connect', user.connected && agent.connected);

  // The seed's component: join, and collect messages from message_received
  const messages = [];
  user.on('message_received', (data) => { messages.push(data.message); });
  // the seed's join, with an ack only to order the two joins: the agent joins once the user is in
  await new Promise((resolve) => user.emit('join_ticket',
    { ticketId, userId: 'ignored', userType: 'user', userName: env('NAME_USER') }, resolve));
  agent.emit('join_ticket', { ticketId, userId: 'ignored', userType: 'agent', userName: env('NAME_AGENT') });
  const joined = await userEvents.nextOf('user_joined');
  check('user_joined names who joined, from the token', joined.userName === env('NAME_AGENT') && joined.userType === 'agent', joined);

  await untilHeard(() => user.emit('typing', { ticketId, isTyping: false }), agentEvents, 'typing_indicator');
  user.emit('send_message', { ticketId, senderId: 'ignored', senderType: 'user', senderName: 'ignored', content: 'مرحبا' });
  const received = await agentEvents.nextOf('message_received');
  check('the agent on the other node gets message_received {message} with content',
    received.message.content === 'مرحبا' && received.message.ticketId === ticketId
      && received.message.senderType === 'user' && received.message.senderName === env('NAME_USER'), received);
  const own = await userEvents.nextOf('message_received');
  check('the sender hears its own message too, as the seed\'s room does', own.message.id === received.message.id, own);
  check('the seed\'s handler collected it', messages.length === 1 && messages[0].content === 'مرحبا', messages);

  agent.emit('typing', { ticketId, senderId: 'ignored', senderName: 'ignored', isTyping: true });
  const typing = await userEvents.nextOf('typing_indicator');
  check('typing_indicator says who types', typing.senderName === env('NAME_AGENT') && typing.isTyping === true, typing);

  agent.emit('ticket_status_change', { ticketId, status: 'pending', changedBy: 'ignored', changedByName: 'ignored' });
  const updated = await userEvents.nextOf('ticket_updated');
  check('ticket_updated carries the status in the seed\'s lower case', updated.status === 'pending', updated);

  const refused = new Promise((resolve) => user.once('error', resolve));
  user.emit('ticket_status_change', { ticketId, status: 'closed' });
  const error = await refused;
  check('a customer may not change the status: an error event with the code', error.code === 'ACCESS_DENIED', error);

  agent.disconnect();
  const left = await userEvents.nextOf('user_left');
  check('user_left when the agent goes', left.userName === env('NAME_AGENT'), left);
  user.disconnect();
}

run('seed002-interop', main);

// Drives two gateway nodes with socket.io-client 4.8.1 as seed 000's documentation uses it:
// its snippets as written, with only the URL and `auth: { token }` added.
// Env: URL_A, URL_B (HTTP roots), TRANSPORTS (websocket | polling,websocket), ROOM (numeric id),
//      TOKEN_A / USER_A (agent, member), TOKEN_B / USER_B (customer, member),
//      TOKEN_C (a customer who is not a member), TICKET (a ticket of B in A's department),
//      BRIDGE_B (node B's bridge URL, for a stock bridge client in the same room), REST_A, TOKEN_SERVICE.
// Prints one line per check and "socketio-interop: N passed, 0 failed"; exits 1 on the first failure.
'use strict';
const { io } = require('socket.io-client');
const EventBus = require('@vertx/eventbus-bridge-client.js');

const { env, checker, inbox, untilHeard } = require('./common');

const { check, run } = checker();
const transports = env('TRANSPORTS').split(',');
const roomId = Number(env('ROOM'));
const ticketId = env('TICKET');
function connect(url, path, token) {
  const socket = io(url, { path, auth: { token }, transports, reconnection: false });
  const events = inbox(socket);
  return new Promise((resolve, reject) => {
    socket.on('connect', () => resolve({ socket, events }));
    socket.on('connect_error', reject);
  });
}

const withAck = (socket, event, payload) => new Promise((resolve) => socket.emit(event, payload, resolve));

async function main() {
  const a = await connect(env('URL_A'), '/api/socket_io', env('TOKEN_A'));
  const b = await connect(env('URL_B'), '/socket.io', env('TOKEN_B'));
  check('both connect, on seed 000\'s path and on /socket.io/', a.socket.connected && b.socket.connected);
  check('the transport is the one asked for, or the upgrade happened',
    a.socket.io.engine.transport.name === transports[0] || transports.length > 1);

  // Error handling, as the seed writes it
  const seen = [];
  b.socket.on('error', (error) => { seen.push(error); });

  // 1. Join: the response event, and the ack a client may give
  a.socket.emit('internal-chat:join', { roomId });
  const joined = await a.events.nextOf('internal-chat:joined');
  check('internal-chat:join is answered with internal-chat:joined and a numeric roomId', joined.roomId === roomId, joined);
  const ackJoined = await withAck(b.socket, 'internal-chat:join', { roomId });
  check('a join with an ack gets the same answer through the ack', ackJoined.roomId === roomId
    && Array.isArray(ackJoined.recent_messages), ackJoined);

  // A stock bridge client on node B in the same room
  const bridge = await new Promise((resolve, reject) => {
    const eb = new EventBus(`${env('BRIDGE_B')}?token=${encodeURIComponent(env('TOKEN_B'))}`, { transports: ['websocket'] });
    eb.onopen = () => resolve(eb);
    eb.onclose = () => reject(new Error('bridge closed before open'));
  });
  const bridged = new Promise((resolve) => bridge.registerHandler(`internal-chat:${roomId}`, (err, msg) => {
    if (msg && msg.headers && msg.headers.event === 'internal-chat:message') resolve(msg.body);
  }));
  await new Promise((resolve) => bridge.send('presence:heartbeat', {}, {}, resolve)); // the register is in before this

  // 2. Send a message, seed 000's sendMessage
  const tempId = `temp-${Date.now()}`;
  const stored = await withAck(a.socket, 'internal-chat:message', { roomId, body: 'سلام from Socket.IO', tempId });
  check('the sender\'s ack gets the stored message with its seq', stored.seq >= 1 && stored.tempId === tempId, stored);
  const received = await b.events.nextOf('internal-chat:message');
  check('the other node\'s socket gets it: same id, numeric ids, isOwnMessage false',
    received.id === stored.id && received.roomId === roomId && received.body === 'سلام from Socket.IO'
      && received.isOwnMessage === false && typeof received.senderId === 'number', received);
  const viaBridge = await bridged;
  check('a bridge client in the same room gets the same message', viaBridge.id === stored.id, viaBridge);
  bridge.close();

  // 3. Typing reaches the others only; the typist's own next room event is the marker message
  b.socket.emit('internal-chat:typing', { roomId, isTyping: true });
  const typing = await a.events.nextOf('internal-chat:typing');
  check('typing reaches the others with a timestamp', typing.isTyping === true && typeof typing.timestamp === 'number', typing);
  await withAck(a.socket, 'internal-chat:message', { roomId, body: 'marker' });
  const afterTyping = await b.events.nextOf(['internal-chat:typing', 'internal-chat:message']);
  check('the typist does not hear its own typing: the next room event is the marker',
    afterTyping.event === 'internal-chat:message' && afterTyping.args[0].body === 'marker', afterTyping);

  // 4. Status: staff hear everyone's; a customer hears the agents of its own tickets over presence's requests
  b.socket.emit('internal-chat:set-status', { userId: Number(env('USER_B')), status: 'online' });
  const status = await a.events.nextOf('internal-chat:user-status');
  check('set-status reaches the staff as internal-chat:user-status', status.status === 'online'
    && status.userId === Number(env('USER_B')), status);

  // 5. Refusals: an error event without an ack, {error} through an ack, connect_error for a bad token
  const c = await connect(env('URL_A'), '/socket.io', env('TOKEN_C'));
  const cErrors = [];
  c.socket.on('error', (error) => cErrors.push(error));
  c.socket.emit('internal-chat:join', { roomId });
  await c.events.nextOf('error');
  check('a non-member\'s join gets an error event with the code', cErrors[0] && cErrors[0].code === 'ACCESS_DENIED', cErrors);
  const refused = await withAck(c.socket, 'internal-chat:message', { roomId, body: 'let me in' });
  check('with an ack the refusal is {error: {code, message}}', refused.error && refused.error.code === 'ACCESS_DENIED', refused);
  c.socket.close();
  const bad = await connect(env('URL_B'), '/socket.io', 'not-a-token').then(() => null, (err) => err);
  check('a bad token is a connect_error whose message starts with the code',
    bad && bad.message.startsWith('AUTH_REQUIRED') && bad.data && bad.data.code === 'AUTH_REQUIRED', bad && bad.message);

  // 6. Support chat: join, a ticket update reaches the customer, an internal note does not
  await withAck(a.socket, 'support-chat:join', { ticketId });
  b.socket.emit('support-chat:join', { ticketId });
  const ticketJoined = await b.events.nextOf('support-chat:joined');
  check('support-chat:join is answered with support-chat:joined', ticketJoined.ticketId === ticketId
    || String(ticketJoined.ticketId) === ticketId, ticketJoined);
  await untilHeard(() => a.socket.emit('support-chat:typing', { ticketId, isTyping: false }), b.events, 'support-chat:typing');
  a.socket.emit('support-chat:ticket-update', { ticketId, priority: 'HIGH' });
  const update = await b.events.nextOf('support-chat:ticket-update');
  check('the customer hears the ticket update (seed 000\'s listener)', update.priority === 'HIGH', update);
  await withAck(a.socket, 'support-chat:message', { ticketId, body: 'internal only', isInternal: true });
  await withAck(a.socket, 'support-chat:message', { ticketId, body: 'public reply' });
  const afterNote = await b.events.nextOf('support-chat:message');
  check('an internal note never reaches the customer: the next ticket message is the public one',
    afterNote.body === 'public reply' && afterNote.isInternal === false, afterNote);

  // 7. A notification reaches the user's socket without a register step
  const response = await fetch(`${env('REST_A')}/notifications`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${env('TOKEN_SERVICE')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ userIds: [env('USER_B')], type: 'invoice.paid', title: 'Invoice paid' }),
  });
  check('the notification is stored', response.status === 201, response.status);
  const notification = await b.events.nextOf('notification:new');
  check('notification:new reaches the socket on its own user address', notification.title === 'Invoice paid', notification);
  check('no error event reached the members', seen.length === 0, seen);

  a.socket.close();
  b.socket.close();
}

run('socketio-interop', main);

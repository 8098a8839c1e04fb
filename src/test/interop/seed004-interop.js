// Seed 004 (NestJS gateways /notifications and /support) replaced by Switchboard with the
// `notifications` and `support` profiles: the seed's documented frontend code, URL and token aside,
// and its backend API over REST with a service token. Env: URL_A, URL_B, REST_A, TRANSPORTS,
// TOKEN_USER / USER (a customer), TOKEN_AGENT (an agent of the ticket's department), TICKET (the
// customer's), TOKEN_SERVICE.
'use strict';
const { io } = require('socket.io-client');
const { env, checker, inbox, connected, untilHeard } = require('./common');

const { check, run } = checker();
const transports = env('TRANSPORTS').split(',');
const ticketId = env('TICKET');

function rest(method, path, body) {
  return fetch(`${env('REST_A')}${path}`, {
    method,
    headers: { Authorization: `Bearer ${env('TOKEN_SERVICE')}`, 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body),
  }).then(async (response) => ({ status: response.status, body: await response.json() }));
}

async function main() {
  // Connecting to notifications, as the seed writes it
  const socket = io(`${env('URL_A')}/notifications`, { auth: { token: env('TOKEN_USER') }, transports, reconnection: true });
  const events = inbox(socket);
  await connected(socket);
  const authenticated = await events.nextOf('connected');
  check('connected tells who was authenticated', authenticated.userId === env('USER'), authenticated);

  const stored = await rest('POST', '/notifications', { userIds: [env('USER')], type: 'ticket.reply', title: 'New reply' });
  check('the backend stores a notification', stored.status === 201, stored);
  const created = await events.nextOf('notification:new');
  check('notification:new reaches the user', created.title === 'New reply', created);
  const count = await events.nextOf('unread-count');
  check('unread-count follows it', count.count >= 1, count);

  socket.emit('get-unread-count');
  check('get-unread-count is answered with unread-count', (await events.nextOf('unread-count')).count === count.count);
  socket.emit('mark-as-read', { notificationIds: [created.id] });
  const marked = await events.nextOf('marked-as-read');
  check('mark-as-read: marked-as-read', Array.isArray(marked.notificationIds) && marked.notificationIds.includes(created.id), marked);
  socket.emit('mark-all-as-read');
  await events.nextOf('marked-all-as-read');
  check('mark-all-as-read: marked-all-as-read', true);

  // Connecting to support, as the seed writes it; an agent on the other node
  const supportSocket = io(`${env('URL_A')}/support`, { auth: { token: env('TOKEN_USER') }, transports });
  const customer = inbox(supportSocket);
  const agentSocket = io(`${env('URL_B')}/support`, { auth: { token: env('TOKEN_AGENT') }, transports });
  const agent = inbox(agentSocket);
  await Promise.all([connected(supportSocket), connected(agentSocket)]);
  supportSocket.emit('join-ticket', { ticketId });
  check('join-ticket: joined-ticket', (await customer.nextOf('joined-ticket')).ticketId === ticketId);
  agentSocket.emit('join-ticket', { ticketId });
  await agent.nextOf('joined-ticket');
  // each node learns of the other's subscription a moment after the join (protocol.md §9)
  await untilHeard(() => supportSocket.emit('typing', { ticketId, isTyping: false }), agent, 'user-typing');

  const typing = await untilHeard(() => agentSocket.emit('typing', { ticketId, isTyping: true }), customer, 'user-typing');
  check('typing: user-typing with the name', typing.isTyping === true && typeof typing.userName === 'string', typing);

  // Messages are written over REST in the seed's system; an internal note then a public reply
  await fetch(`${env('REST_A')}/tickets/${ticketId}/messages`, {
    method: 'POST', headers: { Authorization: `Bearer ${env('TOKEN_AGENT')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ body: 'internal: check the invoice', isInternal: true }),
  });
  await fetch(`${env('REST_A')}/tickets/${ticketId}/messages`, {
    method: 'POST', headers: { Authorization: `Bearer ${env('TOKEN_AGENT')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ body: 'we are on it' }),
  });
  const message = await customer.nextOf('message:new');
  check('message:new: the public reply, and no internal note before it', message.body === 'we are on it', message);
  const agentFirst = await agent.nextOf('message:new');
  check('internal notes are not sent over WebSocket, not even to staff', agentFirst.body === 'we are on it', agentFirst);
  const news = await customer.nextOf('support:new-message');
  check('support:new-message on the user\'s own room', news.conversation_id === ticketId, news);

  // The backend API (WebSocketService) over REST
  const toTicket = agent.nextOf('ticket-note');
  const sent = await rest('POST', '/broadcast', { kind: 'ticket', id: ticketId, event: 'ticket-note', data: { n: 1 }, excludeUserId: env('USER') });
  check('sendToTicket with excludeUserId', sent.status === 202 && (await toTicket).n === 1, sent);
  const toUsers = events.nextOf('digest');
  const many = await rest('POST', '/broadcast', { kind: 'users', ids: [env('USER'), 'someone-else'], event: 'digest', data: { n: 2 } });
  check('sendToMultipleUsers', many.status === 202 && (await toUsers).n === 2, many);
  const presence = await rest('GET', `/presence/users/${env('USER')}`);
  check('isUserOnline and getConnectionCount', presence.body.online === true && presence.body.connections >= 2, presence);
  const stats = await rest('GET', '/stats');
  // other nodes' counts are as of their last heartbeat, so at least this node's
  check('getTotalConnections', stats.status === 200 && stats.body.totalConnections >= 2, stats);

  supportSocket.emit('leave-ticket', { ticketId });
  check('leave-ticket: left-ticket', (await customer.nextOf('left-ticket')) !== undefined);
  [socket, supportSocket, agentSocket].forEach((s) => s.disconnect());
}

run('seed004-interop', main);

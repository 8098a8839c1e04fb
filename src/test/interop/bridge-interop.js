// Drives two gateway nodes with the stock @vertx/eventbus-bridge-client.js + sockjs-client.
// Env: URL_A, URL_B (bridge URLs), TRANSPORT (websocket | xhr-streaming), ROOM,
//      TOKEN_A / USER_A and TOKEN_B / USER_B (members), TOKEN_C / USER_C (not a member),
//      TICKET (a ticket of customer B in a department of agent A), REST_A (node A's HTTP root),
//      TOKEN_ADMIN (an admin, who disconnects C at the end).
// Prints one line per check and "bridge-interop: N passed, 0 failed"; exits 1 on the first failure.
'use strict';
const EventBus = require('@vertx/eventbus-bridge-client.js');
const { env, untilHeard } = require('./common');

const transport = env('TRANSPORT');
const room = env('ROOM');
const address = `internal-chat:${room}`;
const tempId = `interop-${transport}-${Date.now()}`;
let passed = 0;

function check(name, condition, detail) {
  if (!condition) throw new Error(`${name}: ${JSON.stringify(detail)}`);
  passed++;
  console.log(`ok - ${name}`);
}

function connect(url, token) {
  return new Promise((resolve, reject) => {
    const eb = new EventBus(`${url}?token=${encodeURIComponent(token)}`, { transports: [transport] });
    eb.onopen = () => resolve(eb);
    eb.onclose = () => reject(new Error('closed before open'));
    eb.onerror = (err) => console.log('bus error', JSON.stringify(err));
  });
}

function request(eb, addr, body) {
  return new Promise((resolve) => eb.send(addr, body, {}, (err, reply) => resolve({ err, reply })));
}

// Resolves with the next message (or error) the handler receives on addr; events named `dropped`
// (the typing that untilHeard sends) are left out.
function inbox(eb, addr, dropped) {
  const queue = [];
  const waiters = [];
  eb.registerHandler(addr, (err, msg) => {
    if (msg && msg.headers.event === dropped) return;
    const item = { err, msg };
    if (waiters.length) waiters.shift()(item); else queue.push(item);
  });
  return {
    next: (ms = 5000) => new Promise((resolve, reject) => {
      if (queue.length) return resolve(queue.shift());
      const timer = setTimeout(() => reject(new Error(`nothing arrived on ${addr} within ${ms} ms`)), ms);
      waiters.push((item) => { clearTimeout(timer); resolve(item); });
    }),
    pending: () => queue.length,
  };
}

// What common.js's untilHeard waits on: the next `event` on addr, heard by a handler of its own
// beside the inbox's, removed once heard or after ms.
function heard(eb, addr) {
  return {
    nextOf: (event, ms) => new Promise((resolve, reject) => {
      const handler = (err, msg) => {
        if (msg && msg.headers.event === event) settle(() => resolve(msg));
      };
      const timer = setTimeout(() => settle(() => reject(new Error(`${event} not heard on ${addr} within ${ms} ms`))), ms);
      function settle(outcome) {
        clearTimeout(timer);
        eb.unregisterHandler(addr, handler);
        outcome();
      }
      eb.registerHandler(addr, handler);
    }),
  };
}

async function main() {
  const a = await connect(env('URL_A'), env('TOKEN_A'));
  const b = await connect(env('URL_B'), env('TOKEN_B'));
  check('both clients connect', a.state === EventBus.OPEN && b.state === EventBus.OPEN);

  const aRoom = inbox(a, address);
  const bRoom = inbox(b, address, 'internal-chat:typing');
  // Frames after a register wait for it on the server, so these replies mean "subscribed".
  const joinA = await request(a, 'internal-chat:join', { roomId: room });
  const joinB = await request(b, 'internal-chat:join', { roomId: Number(room) });
  check('join replies the room snapshot', !joinA.err && joinA.reply.body.roomId === room
    && typeof joinA.reply.body.lastSeq === 'number', joinA);
  check('join accepts a numeric room id', !joinB.err && joinB.reply.body.roomId === room, joinB);
  // a subscription reaches the other nodes a moment after its register is answered (protocol.md §9)
  await untilHeard(() => request(a, 'internal-chat:typing', { roomId: room, isTyping: false }), heard(b, address),
    'internal-chat:typing');

  const sent = await request(a, 'internal-chat:message',
    { roomId: room, body: 'hello from A', tempId, senderId: 'spoofed' });
  const mine = sent.reply && sent.reply.body;
  check('the sender gets the stored message', !sent.err && mine.seq >= 1 && mine.tempId === tempId, sent);
  check('senderId comes from the token, not the payload', mine.senderId === env('USER_A'), mine);

  const got = await bRoom.next();
  check('the other member receives it with the event header', !got.err
    && got.msg.headers.event === 'internal-chat:message' && got.msg.body.id === mine.id
    && got.msg.body.body === 'hello from A', got);

  const typing = await request(b, 'internal-chat:typing', { roomId: room, isTyping: true });
  const typed = await aRoom.next();
  check('typing reaches the other member', !typing.err && typed.msg.headers.event === 'internal-chat:typing'
    && typed.msg.body.isTyping === true && typed.msg.body.userId === env('USER_B'), typed);
  check('the sender does not get its own message as an event', aRoom.pending() === 0);

  const retry = await request(a, 'internal-chat:message', { roomId: room, body: 'hello from A', tempId });
  check('a retried tempId returns the original', !retry.err && retry.reply.body.id === mine.id, retry);

  const bad = await request(a, 'internal-chat:message', { roomId: { $ne: null }, body: 'x' });
  check('a Mongo operator as room id is INVALID_DATA', bad.err && bad.err.failureCode === 400
    && bad.err.message.startsWith('INVALID_DATA'), bad);

  const c = await connect(env('URL_B'), env('TOKEN_C'));
  const cRoom = inbox(c, address);
  const refused = await cRoom.next();
  check('a non-member is refused with ACCESS_DENIED 403', refused.err && refused.err.failureCode === 403
    && refused.err.message.startsWith('ACCESS_DENIED'), refused);

  const rejected = await connect(env('URL_A'), 'not-a-token').then(() => false, () => true);
  check('a bad token cannot connect', rejected);

  // Support chat: agent A and customer B on B's ticket, one on each node.
  const ticket = env('TICKET');
  const ticketRoom = `support-chat:${ticket}`;
  const aTicket = inbox(a, ticketRoom);
  const agentJoin = await request(a, 'support-chat:join', { ticketId: ticket });
  check('the agent joins the ticket and gets it back', !agentJoin.err && agentJoin.reply.body.ticket.id === ticket, agentJoin);
  const bTicket = inbox(b, ticketRoom, 'support-chat:typing');
  const customerJoin = await request(b, 'support-chat:join', { ticketId: ticket });
  check('the customer joins and sees who is there', !customerJoin.err
    && customerJoin.reply.body.participants.length === 2, customerJoin);
  const joined = await aTicket.next();
  check('the agent hears user_joined', joined.msg.headers.event === 'user_joined'
    && joined.msg.body.userId === env('USER_B'), joined);
  await untilHeard(() => request(a, 'support-chat:typing', { ticketId: ticket, isTyping: false }), heard(b, ticketRoom),
    'support-chat:typing');

  const note = await request(a, 'support-chat:message', { ticketId: ticket, body: 'internal only', isInternal: true });
  const answer = await request(a, 'support-chat:message', { ticketId: ticket, body: 'we are on it' });
  check('the agent stores a note and a reply', !note.err && note.reply.body.isInternal === true && !answer.err, { note, answer });
  const seen = await bTicket.next();
  check('the customer receives the reply and not the internal note', seen.msg.body.id === answer.reply.body.id
    && seen.msg.body.senderType === 'agent', seen);

  const update = await request(a, 'support-chat:ticket-update', { ticketId: ticket, status: 'IN_PROGRESS' });
  const updated = await bTicket.next();
  check('a ticket update reaches the customer', !update.err && updated.msg.headers.event === 'support-chat:ticket-update'
    && updated.msg.body.status === 'IN_PROGRESS', updated);

  check('nothing else reached the customer', bTicket.pending() === 0);

  // An admin disconnects C. On SockJS's WebSocket the client hears the gateway's close code and
  // reason; SockJS's HTTP transports close with SockJS's generic ones.
  const cClosed = new Promise((resolve, reject) => {
    c.onclose = resolve;
    setTimeout(() => reject(new Error('C was not disconnected within 5000 ms')), 5000);
  });
  const kick = await fetch(`${env('REST_A')}/sessions/users/${env('USER_C')}`,
    { method: 'DELETE', headers: { Authorization: `Bearer ${env('TOKEN_ADMIN')}` } });
  const closed = await cClosed;
  const expected = transport === 'websocket'
    ? { code: 4003, reason: 'KICKED: disconnected by an administrator' } : { code: 3000, reason: 'Go away!' };
  check(`a kicked client's onclose reports ${expected.code}`, kick.ok && closed.code === expected.code
    && closed.reason === expected.reason, { status: kick.status, code: closed.code, reason: closed.reason });
  for (const eb of [a, b]) eb.close();
  console.log(`bridge-interop: ${passed} passed, 0 failed`);
}

main().then(() => process.exit(0), (err) => {
  console.log(`not ok - ${err.message}`);
  console.log(`bridge-interop: ${passed} passed, 1 failed`);
  process.exit(1);
});

// @ts-check
// README.md's browser snippet ("Connecting from a browser") as a Node script: the stock
// @vertx/eventbus-bridge-client.js (with sockjs-client) joins a room, sends a message, and prints
// the replies. types/ types it: `npm run typecheck` checks this file against them.
//
//   cd examples && npm ci
//   export TOKEN=$(java -jar ../target/switchboard.jar token --sub 7 --name Ana --role agent)
//   ROOM=ops node bridge-chat.js
//
// The room must exist with the token's user as a member: rest-walkthrough.sh, or README.md's
// POST /rooms, makes one. Env: TOKEN, ROOM (default ops), SWITCHBOARD_URL (default http://localhost:8080).
'use strict';
const EventBus = require('@vertx/eventbus-bridge-client.js');

const token = process.env.TOKEN;
if (!token) {
  console.error('set TOKEN, e.g. TOKEN=$(java -jar target/switchboard.jar token --sub 7 --name Ana --role agent)');
  process.exit(2);
}
const base = process.env.SWITCHBOARD_URL || 'http://localhost:8080';
const roomId = process.env.ROOM || 'ops';
const room = 'internal-chat:' + roomId;
/** @type {EventBus} (so that type checking sees the handlers assigned below as the client's own) */
const eb = new EventBus(base + '/eventbus?token=' + encodeURIComponent(token));
let opened = false;
// a gateway that never answers is a failure too, not a wait for ever
setTimeout(() => { console.error(`no answer from ${base} within 10 s`); process.exit(1); }, 10_000).unref();

eb.onopen = () => {
  opened = true;
  // Room events arrive here. A refused subscription arrives here as err.
  eb.registerHandler(room, (err, msg) => {
    if (err) { fail(err.message); return; }                // e.g. "ACCESS_DENIED: not a member of room ops"
    if (isEvent(msg, 'internal-chat:message')) console.log('message from', msg.body.senderName + ':', msg.body.body);
    if (isEvent(msg, 'internal-chat:typing')) console.log(msg.body.userName, msg.body.isTyping ? 'is typing' : 'stopped typing');
  });

  // The server handles this only after the subscription above took effect.
  eb.send('internal-chat:join', { roomId }, (err, reply) => {
    if (err) { fail(err.message); return; }
    const joined = reply.body;
    console.log(`joined ${joined.roomId} (${joined.name}): ${joined.memberCount} members, last seq ${joined.lastSeq},`
      + ` ${joined.recent_messages.length} recent messages`);

    eb.send('internal-chat:message', { roomId, body: 'Hello', tempId: 'tmp-' + Date.now() }, (err, reply) => {
      if (err) { fail(err.message); return; }
      const stored = reply.body;                              // the sender gets its message as the reply, not as an event
      console.log(`stored message ${stored.id} as seq ${stored.seq}, from ${stored.senderName} (${stored.senderId}) at ${stored.createdAt}`);
      eb.close();
    });
  });
};

eb.onclose = (event) => {
  if (!opened) fail(`the gateway refused the connection (${event.code} ${event.reason}): is it up at ${base}, and is TOKEN valid?`);
};

/**
 * msg.headers.event === name, which also tells type checking which payload msg.body holds.
 * @type {import('../types/switchboard').IsEvent}
 */
function isEvent(message, name) {
  return message.headers.event === name;
}

/** @param {string} message */
function fail(message) {
  console.error(message);
  process.exitCode = 1;
  if (eb.state === EventBus.OPEN) eb.close();
}

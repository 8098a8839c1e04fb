// @ts-check
// The same conversation as bridge-chat.js over Socket.IO, with socket.io-client 4.8: a client
// written for a Node Socket.IO server (docs/socketio.md) moves with its URL and its token changed.
//
//   cd examples && npm ci
//   export TOKEN=$(java -jar ../target/switchboard.jar token --sub 7 --name Ana --role agent)
//   ROOM=ops node socketio-chat.js
//
// Env: TOKEN, ROOM (default ops, with the token's user a member), SWITCHBOARD_URL (default
// http://localhost:8080). The `chat` profile sends ids made only of digits as numbers.
'use strict';
const { io } = require('socket.io-client');

const token = process.env.TOKEN;
if (!token) {
  console.error('set TOKEN, e.g. TOKEN=$(java -jar target/switchboard.jar token --sub 7 --name Ana --role agent)');
  process.exit(2);
}
const base = process.env.SWITCHBOARD_URL || 'http://localhost:8080';
const roomId = process.env.ROOM || 'ops';

// the token goes in the CONNECT packet; polling first, then the upgrade to WebSocket, as by default
const socket = io(base, { path: '/socket.io', auth: { token }, reconnection: false });
// a gateway that never answers is a failure too, not a wait for ever
setTimeout(() => { console.error(`no answer from ${base} within 10 s`); process.exit(1); }, 10_000).unref();

socket.on('connect_error', (err) => {
  console.error(`the gateway refused the connection (${err.message}): is it up at ${base}, and is TOKEN valid?`);
  process.exit(1);
});

// a refused event without an ack, or a room this socket lost: {code, message, address?}
socket.on('error', (error) => console.error('error', error.code, error.message));

// other members' messages and typing in the rooms this socket joined
socket.on('internal-chat:message', (message) => console.log('message from', message.senderName + ':', message.body));
socket.on('internal-chat:typing', (typing) => console.log(typing.userName, typing.isTyping ? 'is typing' : 'stopped typing'));

socket.on('connect', async () => {
  // a join subscribes the socket to the room and answers with the room's snapshot
  const joined = await socket.emitWithAck('internal-chat:join', { roomId });
  if (joined.error) return fail(joined.error);
  console.log(`joined ${joined.roomId} (${joined.name}): ${joined.memberCount} members, last seq ${joined.lastSeq},`
    + ` ${joined.recent_messages.length} recent messages`);

  const stored = await socket.emitWithAck('internal-chat:message', { roomId, body: 'Hello from Socket.IO', tempId: 'tmp-' + Date.now() });
  if (stored.error) return fail(stored.error);
  console.log(`stored message ${stored.id} as seq ${stored.seq}, from ${stored.senderName} (${stored.senderId}) at ${stored.createdAt}`);
  socket.disconnect();
});

/** @param {{code: string, message: string}} error */
function fail(error) {
  console.error(`${error.code}: ${error.message}`);
  process.exitCode = 1;
  socket.disconnect();
}

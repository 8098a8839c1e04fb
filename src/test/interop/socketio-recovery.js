// Connection state recovery with socket.io-client 4.8.1 against the gateway.
// MODE=drop: the recipient's connection drops (the client closes its transport), messages are sent
//   meanwhile from another node; it reconnects to the same node.
// MODE=death: the recipient reaches node A through a TCP proxy (a load balancer); the script prints
//   KILL and waits for a line on stdin once node A is killed, then the proxy leads to node B.
// Either way the client must come back with socket.recovered, get the missed messages first, in
// order, then a live one, each once. Env: URL_A, URL_B (HTTP roots; URL_A is the recipient's
// node), ROOM (numeric), TOKEN_R (recipient), TOKEN_S (sender, on node B).
// Prints one line per check and "socketio-recovery: N passed, 0 failed"; exits 1 on the first failure.
'use strict';
const net = require('net');
const readline = require('readline');
const { io } = require('socket.io-client');

const { env, checker } = require('./common');

const { check, run } = checker();
const mode = env('MODE');
const roomId = Number(env('ROOM'));
// The room's messages a socket receives, in order.
function messages(socket) {
  const queue = [];
  const waiters = [];
  socket.on('internal-chat:message', (message) => {
    if (waiters.length) waiters.shift()(message); else queue.push(message);
  });
  return (ms = 10000) => new Promise((resolve, reject) => {
    if (queue.length) return resolve(queue.shift());
    const timer = setTimeout(() => reject(new Error(`no message within ${ms} ms`)), ms);
    waiters.push((message) => { clearTimeout(timer); resolve(message); });
  });
}

const once = (emitter, event, ms = 20000) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
  emitter.once(event, (...args) => { clearTimeout(timer); resolve(args); });
});

const send = (socket, body) => new Promise((resolve) =>
  socket.emit('internal-chat:message', { roomId, body }, resolve));

// A load balancer in front of the nodes: new connections go to the current target.
function proxy(target) {
  let port = Number(new URL(target).port);
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    const end = () => { client.destroy(); upstream.destroy(); };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`,
    to: (next) => { port = Number(new URL(next).port); },
    close: () => server.close(),
  })));
}

async function main() {
  const balancer = mode === 'death' ? await proxy(env('URL_A')) : null;
  const recipient = io(balancer ? balancer.url : env('URL_A'), {
    auth: { token: env('TOKEN_R') }, transports: ['websocket'], reconnectionDelay: 500, randomizationFactor: 0,
  });
  const nextMessage = messages(recipient);
  await once(recipient, 'connect');
  const sender = io(env('URL_B'), { auth: { token: env('TOKEN_S') }, transports: ['websocket'] });
  await once(sender, 'connect');
  await new Promise((resolve) => recipient.emit('internal-chat:join', { roomId }, resolve));
  await new Promise((resolve) => sender.emit('internal-chat:join', { roomId }, resolve));

  const first = await send(sender, 'before the drop');
  check('a message reaches the recipient live', (await nextMessage()).id === first.id);

  const disconnected = once(recipient, 'disconnect');
  if (mode === 'death') {
    console.log('KILL');
    await once(readline.createInterface({ input: process.stdin }), 'line', 60000);
    balancer.to(env('URL_B'));
  } else {
    recipient.io.engine.close();
  }
  await disconnected;
  check('the recipient lost its connection', !recipient.connected);

  const reconnected = once(recipient, 'connect', 30000);
  const missed = [await send(sender, 'missed one'), await send(sender, 'missed two')];
  check('the sender\'s messages were stored while the recipient was away', missed.every((m) => m.seq > first.seq), missed);
  await reconnected;
  check('the client says its state was recovered', recipient.recovered === true, recipient.recovered);
  for (const stored of missed) {
    const replayed = await nextMessage();
    check(`the missed message "${stored.body}" comes back, in order`, replayed.id === stored.id && replayed.seq === stored.seq, replayed);
  }
  const live = await send(sender, 'after the comeback');
  const next = await nextMessage();
  check('then the live one, and nothing twice', next.id === live.id, next);

  recipient.close();
  sender.close();
  if (balancer) balancer.close();
}

run('socketio-recovery', main);

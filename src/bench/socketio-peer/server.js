'use strict';
// The Socket.IO 4 server the bench compares the gateway with: the same room fan-out, nothing more.
//   PORT (default 3000), HOST (default 127.0.0.1), REDIS_URL (optional: @socket.io/redis-adapter, for two nodes)
// Events: join {room} (acknowledged once joined), broadcast {room, event, data} -> io.to(room).emit(event, data).
// GET /ready answers 200 once listening; GET /stats runs a full GC (node --expose-gc) and reports memory.
const http = require('node:http');
const { Server } = require('socket.io');

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '127.0.0.1';

const httpServer = http.createServer((req, res) => {
  if (req.url === '/ready') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"UP"}');
  } else if (req.url === '/stats') {
    if (global.gc) global.gc();
    const memory = process.memoryUsage();
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({
      gc: Boolean(global.gc), heapUsed: memory.heapUsed, heapTotal: memory.heapTotal, external: memory.external,
      rss: memory.rss, connections: io.engine.clientsCount,
    }));
  } else {
    res.writeHead(404).end();
  }
});

const io = new Server(httpServer, {
  transports: ['websocket'],
  perMessageDeflate: false,
  httpCompression: false,
  serveClient: false,
});

io.on('connection', (socket) => {
  socket.on('join', (message, ack) => {
    socket.join(String(message.room));
    if (typeof ack === 'function') ack({ room: message.room });
  });
  socket.on('broadcast', (message) => {
    io.to(String(message.room)).emit(message.event, message.data);
  });
});

async function start() {
  if (process.env.REDIS_URL) {
    const { createAdapter } = require('@socket.io/redis-adapter');
    const { Redis } = require('ioredis');
    const pub = new Redis(process.env.REDIS_URL);
    const sub = pub.duplicate();
    io.adapter(createAdapter(pub, sub));
  }
  httpServer.listen(port, host, () => console.log(`socket.io peer listening on ${host}:${port}`));
}

process.on('SIGTERM', () => io.close(() => process.exit(0)));
start();

// The bare Socket.IO reference (forked by run.mjs, one per "instance"): a plain socket.io 4 server at
// /realtime with default options, every client in one room, and a Redis subscriber whose messages are
// emitted to that room as `event` frames — the same live path as Parley's LiveStream (pub/sub message →
// JSON.parse → room emit) without HTTP, PostgreSQL, the outbox relay, tokens or replay.
// Env: PORT, REDIS_URL, CHANNEL.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { Redis } from 'ioredis';

const room = 'ws:bare';
const http = createServer();
const server = new Server(http, { path: '/realtime', serveClient: false, cors: { origin: true, credentials: true } });

server.on('connection', (socket) => {
  socket.join(room);
  socket.emit('ready', { workspaceId: 'bare', lastEventId: '0-0' });
});

const subscriber = new Redis(process.env.REDIS_URL);
subscriber.on('message', (_channel, message) => {
  let event;
  try {
    event = JSON.parse(message);
  } catch {
    return;
  }
  server.to(room).emit('event', event);
});
await subscriber.subscribe(process.env.CHANNEL);

http.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.({ listening: true }));

const stop = () => {
  subscriber.disconnect();
  server.close();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('disconnect', stop);

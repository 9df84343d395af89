// Load-generator child process (forked by run.mjs): holds a share of the sockets, timestamps every
// `note.created` frame as it arrives, and at the end of a step turns (note id → send time) into latencies,
// missing and duplicate deliveries, per API instance. Nothing is sent to the parent per frame.
// Requests over IPC: {reqId, cmd, ...}; every answer carries the reqId.
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { Histogram } from './histogram.mjs';

const now = () => performance.timeOrigin + performance.now();

/** @type {{socket: import('socket.io-client').Socket, instance: string, ready: boolean, times: Float64Array, counts: Uint8Array, lastMs: number, lastSeq: number, outOfOrder: number, disconnected: string | null}[]} */
const clients = [];
/** Note id → slot in every socket's arrays, assigned on first sight (any socket) and cleared per step. */
let noteIndex = new Map();
let capacity = 0;
let received = 0; // note.created deliveries since the last reset (duplicates included)
const framesByInstance = new Map(); // every `event` frame since the last reset, by instance
const samples = {}; // first frame of each type (payload size of the baseline)
const other = { resync: 0, error: 0, authExpired: 0 };

function grow(to) {
  for (const c of clients) {
    const times = new Float64Array(to);
    times.set(c.times);
    const counts = new Uint8Array(to);
    counts.set(c.counts);
    c.times = times;
    c.counts = counts;
  }
  capacity = to;
}

function reset(newCapacity) {
  noteIndex = new Map();
  capacity = newCapacity;
  for (const c of clients) {
    c.times = new Float64Array(capacity);
    c.counts = new Uint8Array(capacity);
    c.outOfOrder = 0;
  }
  received = 0;
  framesByInstance.clear();
}

function onEvent(c, e) {
  const t = now();
  framesByInstance.set(c.instance, (framesByInstance.get(c.instance) ?? 0) + 1);
  // Stream ids ("<ms>-<seq>") must grow per socket.
  const id = String(e?.id ?? '');
  const dash = id.indexOf('-');
  const ms = Number(id.slice(0, dash));
  const seq = Number(id.slice(dash + 1));
  if (ms < c.lastMs || (ms === c.lastMs && seq <= c.lastSeq)) c.outOfOrder++;
  c.lastMs = ms;
  c.lastSeq = seq;
  if (!(e?.type in samples)) samples[e.type] = JSON.stringify(e);
  if (e?.type !== 'note.created') return;
  const noteId = e.data?.id;
  let idx = noteIndex.get(noteId);
  if (idx === undefined) {
    idx = noteIndex.size;
    noteIndex.set(noteId, idx);
    if (idx >= capacity) grow(Math.max(16, capacity * 2));
  }
  if (!c.times[idx]) c.times[idx] = t;
  if (c.counts[idx] < 255) c.counts[idx]++;
  received++;
}

function connectOne(target, timeoutMs) {
  return new Promise((resolve) => {
    const socket = io(target.url, {
      path: target.path,
      auth: { token: target.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: timeoutMs,
    });
    const c = {
      socket,
      instance: target.instance,
      ready: false,
      times: new Float64Array(capacity),
      counts: new Uint8Array(capacity),
      lastMs: 0,
      lastSeq: -1,
      outOfOrder: 0,
      disconnected: null,
    };
    const timer = setTimeout(() => finish(`no ready after ${timeoutMs} ms`), timeoutMs);
    function finish(error) {
      clearTimeout(timer);
      if (error) socket.disconnect();
      resolve({ c, error });
    }
    socket.on('event', (e) => onEvent(c, e));
    socket.once('ready', () => {
      c.ready = true;
      finish(null);
    });
    socket.once('connect_error', (err) => finish(`connect_error: ${err.message}`));
    socket.on('resync', () => other.resync++);
    socket.on('error', () => other.error++);
    socket.on('auth_expired', () => other.authExpired++);
    socket.on('disconnect', (reason) => {
      if (c.ready && !c.closing) c.disconnected = reason;
    });
  });
}

async function connectAll(targets, concurrency, timeoutMs = 60_000) {
  const started = now();
  const errors = {};
  let next = 0;
  let connected = 0;
  const worker = async () => {
    while (next < targets.length) {
      const target = targets[next++];
      const { c, error } = await connectOne(target, timeoutMs);
      if (error) errors[error] = (errors[error] ?? 0) + 1;
      else {
        clients.push(c);
        connected++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  const byInstance = {};
  for (const c of clients) byInstance[c.instance] = (byInstance[c.instance] ?? 0) + 1;
  return { connected, failed: targets.length - connected, errors, byInstance, seconds: (now() - started) / 1000 };
}

/** Per instance: latency histogram, deliveries, missing, duplicates, first/last receive time. */
function collect(notes) {
  const slots = notes.map(([id]) => noteIndex.get(id));
  const expected = new Set(slots.filter((s) => s !== undefined));
  // Per note, the first and the last arrival over this process's sockets (0: none).
  const first = new Array(notes.length).fill(0);
  const last = new Array(notes.length).fill(0);
  const byInstance = {};
  for (const c of clients) {
    const r = (byInstance[c.instance] ??= {
      hist: new Histogram(),
      sockets: 0,
      delivered: 0,
      missing: 0,
      duplicates: 0,
      firstRecv: Infinity,
      lastRecv: 0,
      outOfOrder: 0,
      disconnected: 0,
      negative: 0,
      frames: framesByInstance.get(c.instance) ?? 0,
      unexpected: 0,
    });
    r.sockets++;
    r.outOfOrder += c.outOfOrder;
    if (c.disconnected) r.disconnected++;
    for (let j = 0; j < notes.length; j++) {
      const idx = slots[j];
      const n = idx === undefined ? 0 : c.counts[idx];
      if (!n) {
        r.missing++;
        continue;
      }
      r.delivered++;
      if (n > 1) r.duplicates += n - 1;
      const t = c.times[idx];
      if (!first[j] || t < first[j]) first[j] = t;
      if (t > last[j]) last[j] = t;
      const latency = t - notes[j][1];
      if (latency < 0) r.negative++;
      r.hist.record(latency);
      if (t < r.firstRecv) r.firstRecv = t;
      if (t > r.lastRecv) r.lastRecv = t;
    }
    // Frames of notes that are not in this step's list (a previous step's late ones, or strays).
    for (let idx = 0; idx < noteIndex.size; idx++) if (!expected.has(idx) && c.counts[idx]) r.unexpected += c.counts[idx];
  }
  for (const r of Object.values(byInstance)) r.hist = r.hist.toJSON();
  const disconnectReasons = {};
  for (const c of clients) if (c.disconnected) disconnectReasons[c.disconnected] = (disconnectReasons[c.disconnected] ?? 0) + 1;
  return { byInstance, disconnectReasons, other: { ...other }, first, last };
}

async function handle(msg) {
  switch (msg.cmd) {
    case 'connect':
      return connectAll(msg.targets, msg.concurrency);
    case 'reset':
      reset(msg.capacity);
      return { ok: true };
    case 'progress':
      return { received, sockets: clients.filter((c) => !c.disconnected).length };
    case 'collect':
      return collect(msg.notes);
    case 'samples':
      return { samples };
    case 'close':
      for (const c of clients) {
        c.closing = true;
        c.socket.disconnect();
      }
      clients.length = 0;
      return { ok: true };
    default:
      throw new Error(`unknown command ${msg.cmd}`);
  }
}

process.on('message', (msg) => {
  handle(msg).then(
    (result) => process.send({ reqId: msg.reqId, result }),
    (err) => process.send({ reqId: msg.reqId, error: err.stack ?? String(err) }),
  );
});
process.on('disconnect', () => process.exit(0)); // the orchestrator went away
process.on('SIGTERM', () => process.exit(0)); // a normal exit, so --cpu-prof profiles get written

// The event sources, paced open-loop at a fixed rate (a slow server does not slow the schedule down, up
// to `maxInFlight` requests outstanding): notes through Parley's HTTP API, and the same two frames per
// "note" published straight to the bare servers' Redis channel.
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { percentile } from '../../ingest/lib/load.mjs';
import { sleep } from '../../ingest/lib/app.mjs';

export const now = () => performance.timeOrigin + performance.now();

/** Calls `fire(i)` for i < count at `rate`/s from now; returns when every call has settled. */
async function paced(rate, count, fire, maxInFlight = 256) {
  const t0 = now();
  const inFlight = new Set();
  for (let i = 0; i < count; i++) {
    const wait = t0 + (i * 1000) / rate - now();
    if (wait > 1) await sleep(wait - 0.5);
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    const p = fire(i).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  return t0;
}

/**
 * POST /api/v1/conversations/:id/notes at `rate`, alternating between the instances. Each body carries
 * its sequence number and send timestamp; the frame carries only the note id, so the (id → sent at) map
 * comes from the responses. Returns the notes that got a 2xx and the HTTP figures.
 */
export async function sendNotes({ servers, conversationId, token, rate, seconds, seqStart = 0 }) {
  const count = Math.max(1, Math.round(rate * seconds));
  const notes = [];
  const latencies = [];
  const statusCodes = {};
  let errors = 0;
  let lastResponse = 0;
  const t0 = await paced(rate, count, async (i) => {
    const seq = seqStart + i;
    const server = servers[i % servers.length];
    const sentAt = now();
    try {
      const res = await fetch(`${server.baseUrl}/api/v1/conversations/${conversationId}/notes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ body: `fanout seq=${seq} sent=${sentAt.toFixed(3)}` }),
      });
      const text = await res.text();
      const done = now();
      lastResponse = Math.max(lastResponse, done);
      statusCodes[res.status] = (statusCodes[res.status] ?? 0) + 1;
      if (res.ok) {
        latencies.push(done - sentAt);
        notes.push({ seq, id: JSON.parse(text).id, sentAt, via: server.name });
      }
    } catch {
      errors++;
    }
  });
  latencies.sort((a, b) => a - b);
  const span = Math.max(seconds, (lastResponse - t0) / 1000);
  return {
    notes,
    count,
    ok: notes.length,
    statusCodes,
    errors,
    achieved: notes.length / span,
    httpP50: percentile(latencies, 0.5),
    httpP99: percentile(latencies, 0.99),
  };
}

/**
 * The bare reference: per "note", the captured `timeline.created` and `note.created` frames (same
 * shape and size as Parley's, fresh ids) published on the channel both bare servers subscribe to.
 */
export async function publishFrames({ redis, channel, templates, rate, seconds, seqStart = 0 }) {
  const count = Math.max(1, Math.round(rate * seconds));
  const notes = [];
  let errors = 0;
  let k = 0;
  const t0 = await paced(rate, count, async (i) => {
    const id = randomUUID();
    const sentAt = now();
    const at = new Date().toISOString();
    const ms = Math.floor(sentAt);
    const timeline = { ...templates.timeline, id: `${ms}-${k++}`, at };
    const note = { ...templates.note, id: `${ms}-${k++}`, at, data: { ...templates.note.data, id } };
    try {
      await Promise.all([redis.publish(channel, JSON.stringify(timeline)), redis.publish(channel, JSON.stringify(note))]);
      notes.push({ seq: seqStart + i, id, sentAt, via: 'redis' });
    } catch {
      errors++;
    }
  });
  const span = Math.max(seconds, (now() - t0) / 1000);
  return { notes, count, ok: notes.length, statusCodes: {}, errors, achieved: notes.length / span, httpP50: NaN, httpP99: NaN };
}

// A fixed-bucket latency histogram that load-generator processes fill and the orchestrator merges:
// 0.1 ms buckets below 1 s, 1 ms buckets up to 120 s, one overflow bucket. Millions of (socket, event)
// latencies per step travel between processes as a few hundred (bucket, count) pairs.
const FINE_LIMIT = 1000; // ms
const COARSE_LIMIT = 120_000; // ms
const FINE = FINE_LIMIT * 10;
const SIZE = FINE + (COARSE_LIMIT - FINE_LIMIT) + 1;

const bucketOf = (ms) => {
  if (!(ms > 0)) return 0;
  if (ms < FINE_LIMIT) return Math.floor(ms * 10);
  if (ms < COARSE_LIMIT) return FINE + Math.floor(ms - FINE_LIMIT);
  return SIZE - 1;
};

/** The middle of a bucket, in ms. */
const valueOf = (bucket) => {
  if (bucket < FINE) return (bucket + 0.5) / 10;
  if (bucket < SIZE - 1) return FINE_LIMIT + (bucket - FINE) + 0.5;
  return COARSE_LIMIT;
};

export class Histogram {
  constructor() {
    this.counts = new Uint32Array(SIZE);
    this.total = 0;
    this.max = 0;
    this.sum = 0;
  }

  record(ms) {
    this.counts[bucketOf(ms)]++;
    this.total++;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
  }

  /** Sparse form for IPC. */
  toJSON() {
    const pairs = [];
    for (let i = 0; i < SIZE; i++) if (this.counts[i]) pairs.push(i, this.counts[i]);
    return { pairs, total: this.total, max: this.max, sum: this.sum };
  }

  add(json) {
    if (!json) return this;
    for (let i = 0; i < json.pairs.length; i += 2) this.counts[json.pairs[i]] += json.pairs[i + 1];
    this.total += json.total;
    this.sum += json.sum;
    if (json.max > this.max) this.max = json.max;
    return this;
  }

  percentile(q) {
    if (!this.total) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < SIZE; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(valueOf(i), this.max);
    }
    return this.max;
  }

  get mean() {
    return this.total ? this.sum / this.total : NaN;
  }
}

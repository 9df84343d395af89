import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { BusFrame } from './bus-frame';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { redisOptions } from '../redis/redis-options';
import { rateLimitedRedisErrorLog } from '../redis/redis-error-log';
import { RedisClient } from '../redis/redis-client';
import { compareEventIds, isEventId } from './event-id';

/** Events kept per workspace for replay (approximate trimming keeps at least this many). */
export const RETAINED_EVENTS = 100_000;
/** How long an appended outbox row is remembered, so a relay that crashed before its commit cannot append it twice. */
const DEDUPE_SECONDS = 600;
const REPLAY_PAGE = 1_000;

/**
 * Appends each event to its workspace's stream and publishes the frame, atomically and in order, so a
 * frame's id (the stream entry id, monotonic per workspace) and the order subscribers see agree.
 * KEYS: the streams, one per event. ARGV: channel, max length, dedupe prefix, dedupe ttl, then
 * (dedupe id, payload) pairs. A payload is a JSON object; the frame is the payload with the id first.
 */
const APPEND = `
local channel, maxlen, prefix, ttl = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
for i = 1, #KEYS do
  local dedupe, payload = ARGV[3 + i * 2], ARGV[4 + i * 2]
  if dedupe == '' or redis.call('set', prefix .. dedupe, 1, 'NX', 'EX', ttl) then
    local id = redis.call('xadd', KEYS[i], 'MAXLEN', '~', maxlen, '*', 'e', payload)
    redis.call('publish', channel, '{"id":"' .. id .. '",' .. string.sub(payload, 2))
  end
end
return #KEYS
`;

export interface BusEvent {
  workspaceId: string;
  /** `{type, workspaceId, at, data}` as the outbox stores it. */
  payload: Record<string, unknown>;
  /** Outbox row id; an event with one is appended at most once. */
  dedupeId?: string;
}

export type ReplayResult = { resync: true } | { resync: false; events: BusFrame[] };

/**
 * The realtime bus on Redis: every workspace event gets a monotonic id in a per-workspace stream
 * (replay) and goes out on one pub/sub channel that every API instance reads (live). A retention of
 * 100k events per workspace; a client whose last id is older is told to resync.
 */
@Injectable()
export class EventBus implements OnModuleDestroy {
  private readonly logger = new Logger(EventBus.name);
  private readonly redis: Redis;
  private subscriber?: Redis;
  private readonly listeners = new Set<(event: BusFrame) => void>();
  private readonly resubscribed = new Set<() => void>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    client: RedisClient,
  ) {
    this.redis = client.redis;
    this.redis.defineCommand('appendEvents', { lua: APPEND });
  }

  private get channel(): string {
    return `${this.config.queuePrefix}:events`;
  }

  streamKey(workspaceId: string): string {
    return `${this.config.queuePrefix}:events:${workspaceId}`;
  }

  /** Appends in the given order; throws if Redis is unreachable (the outbox keeps the rows). */
  async append(events: BusEvent[]): Promise<void> {
    if (!events.length) return;
    const args = events.flatMap((e) => [e.dedupeId ?? '', JSON.stringify(e.payload)]);
    await (this.redis as Redis & { appendEvents: (...a: unknown[]) => Promise<number> }).appendEvents(
      events.length,
      ...events.map((e) => this.streamKey(e.workspaceId)),
      this.channel,
      RETAINED_EVENTS,
      `${this.config.queuePrefix}:event-dedupe:`,
      DEDUPE_SECONDS,
      ...args,
    );
  }

  /** Every event after `afterId`, oldest first; `resync` when some were already trimmed away (or the id is not one of ours). */
  async replay(workspaceId: string, afterId: string): Promise<ReplayResult> {
    if (!isEventId(afterId)) return { resync: true };
    const key = this.streamKey(workspaceId);
    const info = await this.streamInfo(key);
    // Trimming removed the oldest entries; if the client stopped before the oldest one kept, it may have missed some.
    if (info.trimmed && info.keptFrom && compareEventIds(afterId, info.keptFrom) < 0) return { resync: true };
    const events: BusFrame[] = [];
    let from = `(${afterId}`;
    for (;;) {
      const page = (await this.redis.xrange(key, from, '+', 'COUNT', REPLAY_PAGE)) as [string, string[]][];
      for (const [id, fields] of page) events.push({ id, ...JSON.parse(fields[1]) } as BusFrame);
      if (page.length < REPLAY_PAGE) break;
      from = `(${page[page.length - 1][0]}`;
    }
    return { resync: false, events };
  }

  /** The id of the workspace's newest event (`0-0` when none): where a fresh client starts. */
  async lastId(workspaceId: string): Promise<string> {
    const [last] = (await this.redis.xrevrange(this.streamKey(workspaceId), '+', '-', 'COUNT', 1)) as [string, string[]][];
    return last?.[0] ?? '0-0';
  }

  /**
   * Live frames of every workspace, as this instance receives them; returns the unsubscribe.
   * `onResubscribed` runs when the subscription is back after a lost connection: pub/sub does not keep
   * what was published meanwhile, so the caller catches up from the streams.
   */
  subscribe(listener: (event: BusFrame) => void, onResubscribed?: () => void): () => void {
    this.listeners.add(listener);
    if (onResubscribed) this.resubscribed.add(onResubscribed);
    this.ensureSubscribed();
    return () => {
      this.listeners.delete(listener);
      if (onResubscribed) this.resubscribed.delete(onResubscribed);
    };
  }

  private ensureSubscribed(): void {
    if (this.subscriber) return;
    // Reconnects by itself; pub/sub resumes with the connection (events published meanwhile are replayed from the stream).
    this.subscriber = new Redis(redisOptions(this.config.redisUrl));
    this.subscriber.on('error', rateLimitedRedisErrorLog(this.logger, 'event bus subscriber'));
    this.subscriber.on('message', (_channel: string, message: string) => {
      let event: BusFrame;
      try {
        event = JSON.parse(message) as BusFrame;
      } catch {
        return;
      }
      for (const listener of this.listeners) listener(event);
    });
    let subscribedOnce = false;
    this.subscriber.on('ready', () => {
      // ioredis re-subscribes on reconnect; 'ready' after the first one means frames may have been missed.
      if (subscribedOnce) for (const callback of this.resubscribed) callback();
    });
    void this.subscriber
      .subscribe(this.channel)
      .then(() => (subscribedOnce = true))
      .catch((err: Error) => this.logger.warn(`event bus subscribe failed: ${err.message}`));
  }

  /** `keptFrom`: the oldest id still in the stream (the last generated one when all were trimmed). */
  private async streamInfo(key: string): Promise<{ trimmed: boolean; keptFrom: string | null }> {
    try {
      const raw = (await this.redis.call('xinfo', 'stream', key)) as unknown[];
      const field = (name: string) => raw[raw.indexOf(name) + 1];
      const firstEntry = field('first-entry') as [string, string[]] | null;
      return { trimmed: Number(field('entries-added')) > Number(field('length')), keptFrom: firstEntry?.[0] ?? String(field('last-generated-id')) };
    } catch {
      // No stream yet: nothing was ever trimmed.
      return { trimmed: false, keptFrom: null };
    }
  }

  onModuleDestroy(): void {
    this.subscriber?.disconnect();
  }
}

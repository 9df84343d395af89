import type { RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'bullmq';

/** Outbox destinations: BullMQ queues, and `events`, the realtime bus (a Redis stream per workspace, not a queue). */
export const QUEUES = {
  events: 'events',
  delivery: 'delivery',
  assistant: 'assistant',
  /** Fetching inbound media from providers into attachments. */
  media: 'media',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
/** The BullMQ queues (every destination but the realtime bus). */
export const BULL_QUEUES: QueueName[] = Object.values(QUEUES).filter((q) => q !== QUEUES.events);

export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // BullMQ workers block on Redis; they must not give up on a command while Redis restarts.
    maxRetriesPerRequest: null,
  };
}

/** The same settings in the shape BullMQ 6 declares for its connections. */
export const bullConnection = (url: string, extra: Partial<RedisOptions> = {}): ConnectionOptions => ({ ...redisOptions(url), ...extra }) as ConnectionOptions;

/**
 * Job ids of work that has an identity of its own, so that enqueueing it twice (the relay and the
 * reconciler, two reconcilers) is a no-op, and the reconciler can ask BullMQ whether it is still there.
 */
export const sendJobId = (messageId: string) => `send-${messageId}`;
/** The assistant turn an inbound message scheduled. */
export const turnJobId = (messageId: string) => `turn-${messageId}`;

import type { RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'bullmq';

/** Connection settings from REDIS_URL, for every client of the process (ioredis and BullMQ). */
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

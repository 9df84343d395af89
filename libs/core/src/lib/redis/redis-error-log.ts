import { Logger } from '@nestjs/common';

/**
 * BullMQ prints every connection error to console.error unless someone listens. While Redis is down
 * that is several lines a second; log the first one, then at most one every 30 s.
 */
export function rateLimitedRedisErrorLog(logger: Logger, what: string): (err: Error) => void {
  let last = 0;
  let suppressed = 0;
  return (err: Error) => {
    const now = Date.now();
    if (now - last < 30_000) {
      suppressed++;
      return;
    }
    logger.warn(`${what}: ${err.message}${suppressed ? ` (${suppressed} similar errors suppressed)` : ''}`);
    last = now;
    suppressed = 0;
  };
}

import { Global, Module } from '@nestjs/common';
import { RedisClient } from './redis-client';

/** The process's one Redis connection for short commands; global: rate limits, leases, presence and the bus use it. */
@Global()
@Module({
  providers: [RedisClient],
  exports: [RedisClient],
})
export class RedisModule {}

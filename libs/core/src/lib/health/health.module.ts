import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MetricsService } from './metrics.service';
import { RedisHealthIndicator } from './redis-health';
import { HealthController } from './health.controller';

/** Liveness, readiness and Prometheus metrics. */
@Module({
  imports: [TerminusModule],
  providers: [MetricsService, RedisHealthIndicator],
  controllers: [HealthController],
  exports: [MetricsService],
})
export class HealthModule {}

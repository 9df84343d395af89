import { Controller, Get, Header, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, MikroOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '../auth/principal';
import { MetricsService } from './metrics.service';
import { RedisHealthIndicator } from './redis-health';

@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: MikroOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly metrics: MetricsService,
  ) {}

  /** Alive: the process answers. */
  @Get('health')
  alive() {
    return { status: 'ok' };
  }

  /** Ready: PostgreSQL and Redis both answer (503 naming the one that does not). */
  @Get('health/ready')
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.db.pingCheck('database', { timeout: 1500 }), () => this.redis.check('redis')]);
    } catch (err) {
      // Terminus throws its result as the body; the error filter keeps only `message` and `details`,
      // so the message must say what is down ("Service Unavailable Exception" names nothing).
      if (!(err instanceof ServiceUnavailableException)) throw err;
      const result = err.getResponse() as Partial<HealthCheckResult>;
      const down = Object.keys(result.error ?? {});
      throw new ServiceUnavailableException({
        message: down.length ? `Not ready: ${down.join(', ')} ${down.length === 1 ? 'is' : 'are'} down` : 'Not ready',
        details: result.details,
      });
    }
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}

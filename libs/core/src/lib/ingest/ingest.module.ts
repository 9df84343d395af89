import { Module } from '@nestjs/common';
import { ChannelAccountModule } from '../channel-account/channel-account.module';
import { HealthModule } from '../health/health.module';
import { IngestService } from './ingest.service';
import { WebhooksController } from './webhooks.controller';

/** Webhooks: a provider's request handed to its plugin, its events committed before the answer. */
@Module({
  imports: [ChannelAccountModule, HealthModule],
  providers: [IngestService],
  controllers: [WebhooksController],
  exports: [IngestService],
})
export class IngestModule {}

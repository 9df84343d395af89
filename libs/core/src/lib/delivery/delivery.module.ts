import { Module } from '@nestjs/common';
import { AttachmentModule } from '../attachment/attachment.module';
import { ChannelAccountModule } from '../channel-account/channel-account.module';
import { HealthModule } from '../health/health.module';
import { TimelineModule } from '../timeline/timeline.module';
import { DeliveryService } from './delivery.service';
import { SendRateLimiter } from './send-rate-limiter';
import { DeadLettersController } from './dead-letters.controller';

/** Sending outbound messages through their channel plugin, at most once per message; dead letters. */
@Module({
  imports: [AttachmentModule, ChannelAccountModule, HealthModule, TimelineModule],
  providers: [DeliveryService, SendRateLimiter],
  controllers: [DeadLettersController],
  exports: [DeliveryService],
})
export class DeliveryModule {}

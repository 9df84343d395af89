import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AssistantModule } from '../assistant/assistant.module';
import { ChannelAccountModule } from '../channel-account/channel-account.module';
import { ConversationModule } from '../conversation/conversation.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { DeliveryProcessor } from '../delivery/delivery.processor';
import { MediaProcessor } from '../delivery/media.processor';
import { AssistantProcessor } from '../assistant/assistant.processor';
import { WorkerShutdown } from '../outbox/worker-shutdown';

/** The queue consumers. Composed by the app that runs them: apps/worker, or apps/api with WORKERS=inline. */
@Module({
  imports: [DiscoveryModule, AssistantModule, ChannelAccountModule, ConversationModule, DeliveryModule],
  providers: [DeliveryProcessor, MediaProcessor, AssistantProcessor, WorkerShutdown],
})
export class WorkersModule {}

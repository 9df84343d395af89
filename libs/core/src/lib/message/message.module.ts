import { Module } from '@nestjs/common';
import { PluginHostModule } from '../plugin-host/plugin-host.module';
import { TimelineModule } from '../timeline/timeline.module';
import { OutboundMessageService } from './outbound-message.service';
import { MessagesController } from './messages.controller';
import { ThreadService } from './thread.service';

/** Outbound messages (every path that sends: operators, the assistant, drafts, campaigns). */
@Module({
  imports: [PluginHostModule, TimelineModule],
  providers: [OutboundMessageService, ThreadService],
  controllers: [MessagesController],
  exports: [OutboundMessageService],
})
export class MessageModule {}

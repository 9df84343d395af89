import { Module } from '@nestjs/common';
import { AttachmentModule } from '../attachment/attachment.module';
import { PluginHostModule } from '../plugin-host/plugin-host.module';
import { ContactModule } from '../contact/contact.module';
import { MessageModule } from '../message/message.module';
import { TimelineModule } from '../timeline/timeline.module';
import { ConversationListQuery } from './conversation-list.query';
import { ConversationCards } from './conversation-cards';
import { EVENT_EXPANDER } from '../outbox/event-expander';
import { ConversationService } from './conversation.service';
import { EscalationSlaService } from './escalation-sla.service';
import { ConversationsController } from './conversations.controller';

/** Conversations: the list, their lifecycle (assign, escalate, resolve, delete) and the escalation SLA. */
@Module({
  imports: [AttachmentModule, ContactModule, MessageModule, PluginHostModule, TimelineModule],
  providers: [ConversationListQuery, ConversationService, EscalationSlaService, { provide: EVENT_EXPANDER, useClass: ConversationCards }],
  controllers: [ConversationsController],
  exports: [ConversationListQuery, ConversationService, EscalationSlaService],
})
export class ConversationModule {}

import { Module } from '@nestjs/common';
import { AutonomyModule } from '../autonomy/autonomy.module';
import { BookingModule } from '../booking/booking.module';
import { ConversationModule } from '../conversation/conversation.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { MessageModule } from '../message/message.module';
import { PluginHostModule } from '../plugin-host/plugin-host.module';
import { TimelineModule } from '../timeline/timeline.module';
import { AssistantSettingsService } from './assistant-settings.service';
import { AssistantTrialService } from './assistant-trial.service';
import { AssistantTurnService } from './assistant-turn.service';
import { FollowUpService } from './follow-up.service';
import { ConversationLease } from './conversation-lease';
import { AssistantController } from './assistant.controller';

/** The assistant: its settings, its turns (provider report, then the autonomy decision), follow-ups and the per-conversation lease. */
@Module({
  imports: [AutonomyModule, BookingModule, ConversationModule, KnowledgeModule, MessageModule, PluginHostModule, TimelineModule],
  providers: [AssistantSettingsService, AssistantTrialService, AssistantTurnService, FollowUpService, ConversationLease],
  controllers: [AssistantController],
  exports: [AssistantTurnService, FollowUpService, ConversationLease],
})
export class AssistantModule {}

import { Module } from '@nestjs/common';
import { MessageModule } from '../message/message.module';
import { TimelineModule } from '../timeline/timeline.module';
import { DraftService } from './draft.service';
import { AutonomyService } from './autonomy.service';
import { AutonomyController } from './autonomy.controller';
import { DraftsController } from './drafts.controller';

/** The autonomy policy and the drafts it asks humans to approve. */
@Module({
  imports: [MessageModule, TimelineModule],
  providers: [DraftService, AutonomyService],
  controllers: [AutonomyController, DraftsController],
  exports: [DraftService, AutonomyService],
})
export class AutonomyModule {}

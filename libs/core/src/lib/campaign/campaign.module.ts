import { Module } from '@nestjs/common';
import { ContactModule } from '../contact/contact.module';
import { MessageModule } from '../message/message.module';
import { TimelineModule } from '../timeline/timeline.module';
import { CampaignLaunchService } from './campaign-launch.service';
import { CampaignsController } from './campaigns.controller';

/** Outbound campaigns. */
@Module({
  imports: [ContactModule, MessageModule, TimelineModule],
  providers: [CampaignLaunchService],
  controllers: [CampaignsController],
})
export class CampaignModule {}

import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Page, TimelineEventView } from '@parley/contracts';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ThreadPageQueryDto } from '../common/page-query.dto';
import { actorOf } from './actor';
import { TimelineService } from './timeline.service';
import { activityEntry, LogActivityDto } from './activity.dto';

@ApiTags('timeline')
@ApiBearerAuth()
@Controller('conversations/:conversationId')
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  /** Oldest first, keyset paged; `order=desc` newest first. */
  @Get('timeline')
  list(@Param('conversationId', ParseUUIDPipe) conversationId: string, @Query() page: ThreadPageQueryDto): Promise<Page<TimelineEventView>> {
    return this.timeline.list(conversationId, page);
  }

  /** A touchpoint made elsewhere (LinkedIn, an opportunity stage, a sequence enrolment), on the conversation's timeline. */
  @Post('activities')
  log(
    @CurrentPrincipal() p: Principal,
    @Param('conversationId', ParseUUIDPipe) conversationId: string,
    @Body() dto: LogActivityDto,
  ): Promise<TimelineEventView> {
    const { type, data } = activityEntry(dto);
    return this.timeline.log(conversationId, type, actorOf(p), data);
  }
}

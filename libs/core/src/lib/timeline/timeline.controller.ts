import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Page, TimelineEventView } from '@parley/contracts';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { afterCursor, toPage } from '../common/cursor';
import { PageQueryDto } from '../common/page-query.dto';
import { Conversation } from '../conversation/conversation.entity';
import { actorOf } from './actor';
import { TimelineEvent } from './timeline-event.entity';
import { TimelineService, toTimelineView } from './timeline.service';
import { activityEntry, LogActivityDto } from './activity.dto';

@ApiTags('timeline')
@ApiBearerAuth()
@Controller('conversations/:conversationId')
export class TimelineController {
  constructor(
    private readonly em: EntityManager,
    private readonly timeline: TimelineService,
  ) {}

  /** Oldest first, keyset paged. */
  @Get('timeline')
  async list(@Param('conversationId', ParseUUIDPipe) conversationId: string, @Query() page: PageQueryDto): Promise<Page<TimelineEventView>> {
    await this.em.findOneOrFail(Conversation, conversationId, { fields: ['id'] });
    const events = await this.em.find(
      TimelineEvent,
      { conversation: conversationId, ...afterCursor(page.cursor) },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: page.limit + 1 },
    );
    return toPage(events, page.limit, (e) => [e.createdAt, e.id], toTimelineView);
  }

  @Post('activities')
  async log(
    @CurrentPrincipal() p: Principal,
    @Param('conversationId', ParseUUIDPipe) conversationId: string,
    @Body() dto: LogActivityDto,
  ): Promise<TimelineEventView> {
    const { type, data } = activityEntry(dto);
    const event = await this.em.transactional(async (em) => {
      const conversation = await em.findOneOrFail(Conversation, conversationId, { fields: ['id', 'workspace'] });
      return this.timeline.record(em, conversation, type, actorOf(p), data);
    });
    return toTimelineView(event);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ConversationCounts, ConversationListItem, ConversationView, Page } from '@parley/contracts';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ConversationListQuery } from './conversation-list.query';
import { ConversationService } from './conversation.service';
import { ConversationFilterDto, ConversationListQueryDto } from './conversation-query.dto';
import { AssignDto, AssistantStateDto, CreateConversationDto, EscalateDto } from './conversation.dto';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationService,
    private readonly query: ConversationListQuery,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The conversation list, newest activity first (requiresAction=true: SLA breaches first)',
    description:
      'Every filter combines. `q` matches contact name, email and phone fragments and the words of any message, accents ignored, each word a prefix of a word or of its stem. ' +
      'Each card carries `replyState`. `groupBy=contact` gives one card per contact (its first conversation in this order among those matching every filter) with `conversationCount`, paged by the same cursor.',
  })
  list(@CurrentPrincipal() p: Principal, @Query() q: ConversationListQueryDto): Promise<Page<ConversationListItem>> {
    return this.query.list(p, q);
  }

  /** Per status, under the same filters (status itself ignored): the tab badges. */
  @Get('counts')
  @ApiOperation({
    summary: 'Conversations per status under the same filters (status ignored)',
    description:
      'Exact from maintained counters when only archived, channel, channelAccountId and assigneeId are set. With any other filter (q, unread, replyState, requiresAction, dates, contact, campaign) exact up to 1,000 matching conversations (200 with `q`); above that the answer has `capped: true` and every figure is a lower bound (shown as "1,000+").',
  })
  counts(@CurrentPrincipal() p: Principal, @Query() q: ConversationFilterDto): Promise<ConversationCounts> {
    return this.query.counts(p, q);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ConversationView> {
    return this.conversations.view(p, id);
  }

  @Post()
  start(@CurrentPrincipal() p: Principal, @Body() dto: CreateConversationDto) {
    return this.conversations.start(p, dto).then(({ conversation, message }) => ({ ...conversation, message }));
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.conversations.remove(p, id);
  }

  @Post(':id/read')
  @HttpCode(200)
  read(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.respond(p, id, this.conversations.markRead(p, id, true));
  }

  @Post(':id/unread')
  @HttpCode(200)
  unread(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.respond(p, id, this.conversations.markRead(p, id, false));
  }

  @Post(':id/archive')
  @HttpCode(200)
  archive(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.respond(p, id, this.conversations.archive(p, id, true));
  }

  @Post(':id/unarchive')
  @HttpCode(200)
  unarchive(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.respond(p, id, this.conversations.archive(p, id, false));
  }

  @Post(':id/resolve')
  @HttpCode(200)
  resolve(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.respond(p, id, this.conversations.resolve(p, id));
  }

  @Post(':id/reopen')
  @HttpCode(200)
  reopen(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.respond(p, id, this.conversations.reopen(p, id));
  }

  @Post(':id/unassign')
  @HttpCode(200)
  unassign(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.respond(p, id, this.conversations.unassign(p, id));
  }

  @Post(':id/escalate')
  @HttpCode(200)
  escalate(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: EscalateDto) {
    return this.respond(p, id, this.conversations.escalate(p, id, dto.reason));
  }

  @Post(':id/assign')
  @HttpCode(200)
  assign(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AssignDto) {
    return this.respond(p, id, this.conversations.assign(p, id, dto.assigneeId));
  }

  @Put(':id/assistant')
  assistant(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AssistantStateDto) {
    return this.respond(p, id, this.conversations.setAssistant(p, id, dto));
  }

  /** Every action answers with the conversation as it now is. */
  private async respond(p: Principal, id: string, action: Promise<void>): Promise<ConversationView> {
    await action;
    return this.conversations.view(p, id);
  }
}

import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { MessageView, Page } from '@parley/contracts';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ThreadPageQueryDto } from '../common/page-query.dto';
import { SendMessageDto } from '../conversation/conversation.dto';
import { ThreadService } from './thread.service';

@ApiTags('messages')
@ApiBearerAuth()
@Controller('conversations/:conversationId/messages')
export class MessagesController {
  constructor(private readonly thread: ThreadService) {}

  /** Oldest first, keyset paged; `order=desc` newest first. */
  @Get()
  list(@Param('conversationId', ParseUUIDPipe) conversationId: string, @Query() page: ThreadPageQueryDto): Promise<Page<MessageView>> {
    return this.thread.messages(conversationId, page);
  }

  /** A new message with the failed one's content (`retryOf`); 409 unless it failed without reaching the provider, or once retried. */
  @Post(':messageId/retry')
  retry(
    @CurrentPrincipal() p: Principal,
    @Param('conversationId', ParseUUIDPipe) conversationId: string,
    @Param('messageId', ParseUUIDPipe) messageId: string,
  ): Promise<MessageView> {
    return this.thread.retry(p, conversationId, messageId);
  }

  /** 201 with `deliveryStatus: "queued"`; the delivery worker sends it. */
  @Post()
  send(@CurrentPrincipal() p: Principal, @Param('conversationId', ParseUUIDPipe) conversationId: string, @Body() dto: SendMessageDto): Promise<MessageView> {
    return this.thread.reply(p, conversationId, dto);
  }
}

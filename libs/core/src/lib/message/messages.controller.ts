import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { MessageView, Page } from '@parley/contracts';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { PageQueryDto } from '../common/page-query.dto';
import { SendMessageDto } from '../conversation/conversation.dto';
import { ThreadService } from './thread.service';

@ApiTags('messages')
@ApiBearerAuth()
@Controller('conversations/:conversationId/messages')
export class MessagesController {
  constructor(private readonly thread: ThreadService) {}

  /** Oldest first, keyset paged. */
  @Get()
  list(@Param('conversationId', ParseUUIDPipe) conversationId: string, @Query() page: PageQueryDto): Promise<Page<MessageView>> {
    return this.thread.messages(conversationId, page);
  }

  /** 201 with `deliveryStatus: "queued"`; the delivery worker sends it. */
  @Post()
  send(@CurrentPrincipal() p: Principal, @Param('conversationId', ParseUUIDPipe) conversationId: string, @Body() dto: SendMessageDto): Promise<MessageView> {
    return this.thread.reply(p, conversationId, dto);
  }
}

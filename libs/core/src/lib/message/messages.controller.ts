import { Body, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import type { MessageView, Page } from '@parley/contracts';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { afterCursor, toPage } from '../common/cursor';
import { groupBy } from '../common/group-by';
import { PageQueryDto } from '../common/page-query.dto';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { Conversation } from '../conversation/conversation.entity';
import { markReadInTransaction } from '../conversation/read-marker';
import { SendMessageDto } from '../conversation/conversation.dto';
import { actorOf } from '../timeline/actor';
import { Message } from './message.entity';
import { Attachment } from './attachment.entity';
import { OutboundMessageService } from './outbound-message.service';
import { OutboxService } from '../outbox/outbox.service';
import { toMessageView } from './message.view';

@ApiTags('messages')
@ApiBearerAuth()
@Controller('conversations/:conversationId/messages')
export class MessagesController {
  constructor(
    private readonly em: EntityManager,
    private readonly outbound: OutboundMessageService,
    private readonly outbox: OutboxService,
  ) {}

  /** Oldest first, keyset paged. */
  @Get()
  async list(@Param('conversationId', ParseUUIDPipe) conversationId: string, @Query() page: PageQueryDto): Promise<Page<MessageView>> {
    await this.em.findOneOrFail(Conversation, conversationId, { fields: ['id'] });
    const messages = await this.em.find(
      Message,
      { conversation: conversationId, ...afterCursor(page.cursor) },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: page.limit + 1 },
    );
    const attachments = groupBy(await this.em.find(Attachment, { message: { $in: messages.map((m) => m.id) } }), (a) => a.message);
    return toPage(
      messages,
      page.limit,
      (m) => [m.createdAt, m.id],
      (m) => toMessageView(m, attachments.get(m.id) ?? []),
    );
  }

  /** 201 with `deliveryStatus: "queued"`; the delivery worker sends it. */
  @Post()
  async send(
    @CurrentPrincipal() p: Principal,
    @Param('conversationId', ParseUUIDPipe) conversationId: string,
    @Body() dto: SendMessageDto,
  ): Promise<MessageView> {
    const { message, attachments, collision } = await this.em.transactional(async (em) => {
      const conversation = await em.findOneOrFail(Conversation, conversationId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const account = await em.findOne(ChannelAccount, dto.channelAccountId ?? conversation.channelAccount);
      if (!account) throw new NotFoundException('Channel account not found');
      // Read under the conversation's lock: of two crossing replies, the second always sees the first.
      const crossed = dto.seenMessageId ? await this.replyAfter(em, conversationId, dto.seenMessageId, p.id) : null;
      const msg = await this.outbound.queue(em, conversation, account, dto, actorOf(p));
      // Whoever replies has read what they answered.
      if (p.kind === 'user') await markReadInTransaction(em, this.outbox, p.id, conversation);
      return { message: msg, attachments: await em.find(Attachment, { message: msg.id }), collision: crossed };
    });
    return {
      ...toMessageView(message, attachments),
      collision: collision ? { messageId: collision.id, author: toMessageView(collision).author, createdAt: collision.createdAt.toISOString() } : null,
    };
  }

  /** The newest outbound message someone other than `senderId` sent after `seenMessageId`. */
  private async replyAfter(em: EntityManager, conversationId: string, seenMessageId: string, senderId: string): Promise<Message | null> {
    const seen = await em.findOne(Message, { id: seenMessageId, conversation: conversationId }, { fields: ['createdAt'] });
    if (!seen) throw new NotFoundException('seenMessageId is not a message of this conversation');
    return em.findOne(
      Message,
      {
        conversation: conversationId,
        direction: 'outbound',
        $or: [{ authorId: null }, { authorId: { $ne: senderId } }],
        $and: [{ $or: [{ createdAt: { $gt: seen.createdAt } }, { createdAt: seen.createdAt, id: { $gt: seenMessageId } }] }],
      },
      { orderBy: { createdAt: 'desc', id: 'desc' } },
    );
  }
}

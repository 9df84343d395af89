import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import type { MessageView, Page } from '@parley/contracts';
import type { Principal } from '../auth/principal';
import { threadOrder, toPage } from '../common/cursor';
import { groupBy } from '../common/group-by';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { Conversation } from '../conversation/conversation.entity';
import { markReadInTransaction } from '../conversation/read-marker';
import type { SendMessageDto } from '../conversation/conversation.dto';
import { OutboxService } from '../outbox/outbox.service';
import { actorOf } from '../timeline/actor';
import { Attachment } from './attachment.entity';
import { Message } from './message.entity';
import { toMessageView } from './message.view';
import { OutboundMessageService } from './outbound-message.service';

/** A conversation's messages as operators read and answer them. */
@Injectable()
export class ThreadService {
  constructor(
    private readonly em: EntityManager,
    private readonly outbound: OutboundMessageService,
    private readonly outbox: OutboxService,
  ) {}

  /** Oldest first (or newest first with `order: 'desc'`), keyset paged, each with its attachments (one query for the page's). */
  async messages(conversationId: string, page: { cursor?: string; limit: number; order?: 'asc' | 'desc' }): Promise<Page<MessageView>> {
    await this.em.findOneOrFail(Conversation, conversationId, { fields: ['id'] });
    const { where, orderBy } = threadOrder(page.cursor, page.order);
    const messages = await this.em.find(Message, { conversation: conversationId, ...where }, { orderBy, limit: page.limit + 1 });
    const attachments = groupBy(await this.em.find(Attachment, { message: { $in: messages.map((m) => m.id) } }), (a) => a.message);
    return toPage(
      messages,
      page.limit,
      (m) => [m.createdAt, m.id],
      (m) => toMessageView(m, attachments.get(m.id) ?? []),
    );
  }

  /**
   * An operator's (or API key's) reply, queued under the conversation's lock. With `seenMessageId`, a
   * reply someone else sent after it comes back as `collision`: read under the same lock, so of two
   * crossing replies the second always sees the first. Whoever replies has read what they answered.
   */
  async reply(p: Principal, conversationId: string, dto: SendMessageDto): Promise<MessageView> {
    const { message, attachments, collision } = await this.em.transactional(async (em) => {
      const conversation = await em.findOneOrFail(Conversation, conversationId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const account = await em.findOne(ChannelAccount, dto.channelAccountId ?? conversation.channelAccount);
      if (!account) throw new NotFoundException('Channel account not found');
      const crossed = dto.seenMessageId ? await this.replyAfter(em, conversationId, dto.seenMessageId, p.id) : null;
      const msg = await this.outbound.queue(em, conversation, account, dto, actorOf(p));
      if (p.kind === 'user') await markReadInTransaction(em, this.outbox, p.id, conversation);
      return { message: msg, attachments: await em.find(Attachment, { message: msg.id }), collision: crossed };
    });
    return {
      ...toMessageView(message, attachments),
      collision: collision ? { messageId: collision.id, author: toMessageView(collision).author, createdAt: collision.createdAt.toISOString() } : null,
    };
  }

  /**
   * An operator's Retry of a failed message: a new message with the same content on the same channel
   * account, through every rule a reply goes through (opt-out, messaging window, limits). Only a message
   * the provider never accepted (no provider id: it cannot have reached the customer), and only once:
   * a second Retry of it is a 409, so a double click never sends twice.
   */
  async retry(p: Principal, conversationId: string, messageId: string): Promise<MessageView> {
    const { message, attachments } = await this.em.transactional(async (em) => {
      const conversation = await em.findOneOrFail(Conversation, conversationId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const failed = await em.findOne(Message, { id: messageId, conversation: conversationId });
      if (!failed) throw new NotFoundException('Message not found in this conversation');
      if (failed.direction !== 'outbound' || failed.deliveryStatus !== 'failed' || failed.providerMessageId) {
        throw new ConflictException('Only a failed message the provider never accepted can be retried');
      }
      if (await em.count(Message, { retryOf: failed.id })) throw new ConflictException('This message was already retried');
      if (await em.count(Attachment, { message: failed.id })) {
        throw new UnprocessableEntityException('A message with attachments is retried by sending the files again');
      }
      const account = await em.findOneOrFail(ChannelAccount, failed.channelAccount);
      const content = failed.templateId
        ? { templateId: failed.templateId, templateParams: failed.templateParams ?? [], subject: failed.subject ?? undefined }
        : { body: failed.body ?? undefined, html: failed.html ?? undefined, subject: failed.subject ?? undefined };
      const msg = await this.outbound.queue(em, conversation, account, content, actorOf(p), { aiGenerated: failed.aiGenerated, retryOf: failed.id });
      return { message: msg, attachments: [] as Attachment[] };
    });
    return toMessageView(message, attachments);
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

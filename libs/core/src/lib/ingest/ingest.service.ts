import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import type { ChannelKind, DeliveryStatus } from '@parley/contracts';
import type { ConsentEvent, DeliveryStatusEvent as StatusEvent, InboundEvent, InboundMessageEvent } from '@parley/plugin-sdk';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { Contact } from '../contact/contact.entity';
import { ContactIdentity } from '../contact/contact-identity.entity';
import { Conversation } from '../conversation/conversation.entity';
import { toConversationEvent } from '../conversation/conversation.view';
import { Message } from '../message/message.entity';
import { Attachment } from '../message/attachment.entity';
import { DeliveryStatusEvent } from '../message/delivery-status-event.entity';
import { APPLIES_AFTER } from '../message/delivery-status';
import { previewOf } from '../message/message.view';
import { OutboxService } from '../outbox/outbox.service';
import { QUEUES } from '../outbox/queues';
import { TimelineService } from '../timeline/timeline.service';
import type { Actor } from '../timeline/actor';

export interface IngestResult {
  messages: number;
  duplicates: number;
  statuses: number;
  consents: number;
}

const CHANNEL_PHONE: ChannelKind[] = ['sms', 'whatsapp', 'voice'];

/**
 * Commits a webhook's events in ONE transaction, before the provider gets its 2xx. Per sender, work is
 * serialised by a transaction-scoped advisory lock, so concurrent replays of one delivery find each
 * other's message and the unique (channel account, provider id) index never has to refuse one.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxService,
    private readonly timeline: TimelineService,
  ) {}

  async ingest(account: ChannelAccount, events: InboundEvent[]): Promise<IngestResult> {
    const result: IngestResult = { messages: 0, duplicates: 0, statuses: 0, consents: 0 };
    if (!events.some((e) => e.kind !== 'ignored')) return result;
    try {
      await this.em.fork().transactional(async (em) => {
        for (const event of events) {
          if (event.kind === 'message') {
            if (await this.message(em, account, event)) result.messages++;
            else result.duplicates++;
          } else if (event.kind === 'status') {
            await this.status(em, account, event);
            result.statuses++;
          } else if (event.kind === 'opt_out' || event.kind === 'opt_in') {
            await this.consent(em, account, event);
            result.consents++;
          }
        }
      });
    } catch (err) {
      // Only reachable if two transactions raced past the lock (they cannot): the message exists, which is what the provider wants.
      if (err instanceof UniqueConstraintViolationException) return { ...result, messages: 0, duplicates: result.duplicates + result.messages };
      throw err;
    }
    return result;
  }

  private async lockSender(em: EntityManager, account: ChannelAccount, address: string): Promise<void> {
    await em.getConnection().execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`${account.workspace}|${account.channel}|${address}`], 'all', em.getTransactionContext());
  }

  /** Returns false for a replay of a message already stored. */
  private async message(em: EntityManager, account: ChannelAccount, event: InboundMessageEvent): Promise<boolean> {
    await this.lockSender(em, account, event.from.address);
    const existing = await em.findOne(Message, { channelAccount: account.id, providerMessageId: event.providerMessageId }, { filters: false, fields: ['id'] });
    if (existing) return false;

    const contact = await this.contactFor(em, account, event.from.address, event.from.name);
    const { conversation, created } = await this.conversationFor(em, account, contact);
    const actor: Actor = { kind: 'contact', id: contact.id, name: contact.name };
    const at = event.occurredAt && event.occurredAt.getTime() <= Date.now() ? event.occurredAt : new Date();

    const message = new Message();
    Object.assign(message, {
      workspace: account.workspace,
      conversation: conversation.id,
      channelAccount: account.id,
      direction: 'inbound',
      authorKind: 'contact',
      authorId: contact.id,
      authorName: contact.name,
      body: event.body ?? null,
      html: event.html ?? null,
      subject: event.subject ?? null,
      deliveryStatus: 'received',
      providerMessageId: event.providerMessageId,
      createdAt: new Date(),
    });
    em.persist(message);
    for (const ref of event.attachments ?? []) {
      const attachment = new Attachment();
      Object.assign(attachment, {
        workspace: account.workspace,
        message: message.id,
        filename: ref.filename ?? 'attachment',
        contentType: ref.contentType ?? 'application/octet-stream',
        size: 0,
        status: 'pending',
        sourceRef: ref.ref,
      });
      em.persist(attachment);
      this.outbox.enqueue(em, QUEUES.media, 'fetch', { attachmentId: attachment.id, workspaceId: account.workspace }, account.workspace);
    }

    conversation.lastActivityAt = message.createdAt;
    conversation.lastInboundAt = message.createdAt;
    conversation.lastMessagePreview = previewOf(message, event.attachments?.length ?? 0);
    conversation.replyState = 'awaiting_reply';
    conversation.archived = false;

    this.timeline.record(em, conversation, 'message.received', actor, {
      messageId: message.id,
      ...(event.metadata?.['keyword'] ? { keyword: event.metadata['keyword'] } : {}),
      ...(event.autoReply ? { autoReply: true } : {}),
      ...(at !== message.createdAt ? { sentAt: at.toISOString() } : {}),
    });
    this.outbox.event(em, account.workspace, 'message.created', { id: message.id, conversationId: conversation.id, direction: 'inbound' });
    this.outbox.event(em, account.workspace, created ? 'conversation.created' : 'conversation.updated', toConversationEvent(conversation));
    return true;
  }

  private async contactFor(em: EntityManager, account: ChannelAccount, address: string, name?: string): Promise<Contact> {
    const identity = await em.findOne(ContactIdentity, { workspace: account.workspace, channel: account.channel, address }, { filters: false });
    if (identity) {
      const contact = await em.findOneOrFail(Contact, identity.contact, { filters: false });
      if (!contact.name && name) contact.name = name;
      return contact;
    }
    const contact = new Contact();
    Object.assign(contact, {
      workspace: account.workspace,
      name: name ?? null,
      phone: CHANNEL_PHONE.includes(account.channel) ? address : null,
      email: account.channel === 'email' ? address.toLowerCase() : null,
    });
    const created = new ContactIdentity();
    Object.assign(created, { workspace: account.workspace, contact: contact.id, channel: account.channel, address });
    em.persist([contact, created]);
    return contact;
  }

  /** The contact's latest conversation on this account, unless it was resolved: then a new one starts. */
  private async conversationFor(em: EntityManager, account: ChannelAccount, contact: Contact): Promise<{ conversation: Conversation; created: boolean }> {
    const latest = await em.findOne(
      Conversation,
      { contact: contact.id, channelAccount: account.id },
      { filters: false, orderBy: { createdAt: 'desc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (latest && latest.status !== 'resolved') return { conversation: latest, created: false };
    const conversation = new Conversation();
    Object.assign(conversation, {
      workspace: account.workspace,
      contact: contact.id,
      channelAccount: account.id,
      channel: account.channel,
      status: contact.optedOutChannels.includes(account.channel) ? 'opted_out' : 'ai_handling',
    });
    em.persist(conversation);
    this.timeline.record(em, conversation, 'conversation.created', { kind: 'contact', id: contact.id, name: contact.name }, {
      direction: 'inbound',
      channelAccountId: account.id,
      ...(latest ? { previousConversationId: latest.id } : {}),
    });
    return { conversation, created: true };
  }

  /** Logged always; applied only forward (a late `sent` never overwrites `delivered`). */
  private async status(em: EntityManager, account: ChannelAccount, event: StatusEvent): Promise<void> {
    const log = new DeliveryStatusEvent();
    Object.assign(log, {
      channelAccountId: account.id,
      providerMessageId: event.providerMessageId,
      status: event.status,
      errorCode: event.error?.code ?? null,
      errorMessage: event.error?.message ?? null,
    });
    em.persist(log);
    await this.applyStatus(em, account.id, event.providerMessageId, event.status, event.error);
  }

  /** Moves a message's delivery status forward if the rules allow; shared with the send job. */
  async applyStatus(em: EntityManager, channelAccountId: string, providerMessageId: string, status: DeliveryStatus, error?: { code?: string; message: string }): Promise<boolean> {
    const from = APPLIES_AFTER[status];
    if (!from.length) return false;
    const failure = status === 'failed' || status === 'bounced';
    const rows: { id: string; conversation_id: string; workspace_id: string }[] = await em.getConnection().execute(
      `update message set delivery_status = ?, error_code = coalesce(?, error_code), error_message = coalesce(?, error_message)
        where channel_account_id = ? and provider_message_id = ? and delivery_status in (${from.map(() => '?').join(', ')})
        returning id, conversation_id, workspace_id`,
      [status, failure ? (error?.code ?? null) : null, failure ? (error?.message ?? null) : null, channelAccountId, providerMessageId, ...from],
      'all',
      em.getTransactionContext(),
    );
    for (const row of rows) {
      this.outbox.event(em, row.workspace_id, 'message.updated', {
        id: row.id,
        conversationId: row.conversation_id,
        deliveryStatus: status,
        ...(failure && error ? { error: { code: error.code ?? null, message: error.message } } : {}),
      });
    }
    return rows.length > 0;
  }

  /** Opt-out closes the channel to every sender; opt-in reopens it. */
  private async consent(em: EntityManager, account: ChannelAccount, event: ConsentEvent): Promise<void> {
    await this.lockSender(em, account, event.address);
    const contact = await this.contactFor(em, account, event.address);
    const optOut = event.kind === 'opt_out';
    const has = contact.optedOutChannels.includes(account.channel);
    if (optOut === has) return;
    contact.optedOutChannels = optOut ? [...contact.optedOutChannels, account.channel] : contact.optedOutChannels.filter((c) => c !== account.channel);
    const actor: Actor = { kind: 'contact', id: contact.id, name: contact.name };
    const conversations = await em.find(
      Conversation,
      { contact: contact.id, channel: account.channel, status: optOut ? { $in: ['ai_handling', 'human_handling'] } : 'opted_out' },
      { filters: false, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    for (const c of conversations) {
      const to = optOut ? 'opted_out' : 'ai_handling';
      this.timeline.record(em, c, 'status.changed', actor, { from: c.status, to, reason: optOut ? 'opt-out' : 'opt-in', ...(event.keyword ? { keyword: event.keyword } : {}) });
      c.status = to;
      this.outbox.event(em, c.workspace, 'conversation.updated', toConversationEvent(c));
    }
    this.logger.log(`contact ${contact.id} ${optOut ? 'opted out of' : 'opted back in to'} ${account.channel}`);
  }
}

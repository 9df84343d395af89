import { BadRequestException, ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ChannelKind } from '@parley/contracts';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { Contact } from '../contact/contact.entity';
import { ContactIdentity } from '../contact/contact-identity.entity';
import { Conversation } from '../conversation/conversation.entity';
import { toDraftView } from '../autonomy/draft.view';
import { Draft } from '../autonomy/draft.entity';
import { Template } from '../template/template.entity';
import { OutboxService } from '../outbox/outbox.service';
import { QUEUES, sendJobId } from '../outbox/queues';
import { TimelineService } from '../timeline/timeline.service';
import type { Actor } from '../timeline/actor';
import { PluginRegistry } from '../plugin-host/plugin-registry';
import { Message } from './message.entity';
import { Attachment } from './attachment.entity';
import { previewOf, toMessageView } from './message.view';
import { messagingWindowOpen } from './messaging-window';
import { sanitizeHtml } from '../common/html-policy';

export interface OutboundContent {
  body?: string;
  html?: string;
  subject?: string;
  templateId?: string;
  templateParams?: string[];
  attachmentIds?: string[];
}

/** `{{1}}` … `{{n}}` replaced by the given parameters; a missing parameter is a 400. */
export function renderTemplate(body: string, params: string[] = []): string {
  return body.replace(/\{\{\s*(\d+)\s*\}\}/g, (_, n: string) => {
    const value = params[Number(n) - 1];
    if (value === undefined) {
      throw new BadRequestException({
        message: `templateParams needs a value for {{${n}}}`,
        details: [{ field: 'templateParams', errors: [`missing {{${n}}}`] }],
      });
    }
    return value;
  });
}

/**
 * Queues an outbound message from any sender. The channel rules (opt-out 409, closed messaging window
 * 422, an address on the channel) are checked here, before anything is written.
 */
@Injectable()
export class OutboundMessageService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly timeline: TimelineService,
    private readonly plugins: PluginRegistry,
  ) {}

  /**
   * Runs inside the caller's transaction with `conversation` already locked. `addressChecked`: the
   * caller has already found the contact's address on this channel (a campaign checks all at once).
   * `aiGenerated`: the text is the assistant's even when a person sends it (an approved, edited draft);
   * by default, whether the author is the assistant. `html` is stored as the shared HTML policy leaves it.
   */
  async queue(
    em: EntityManager,
    conversation: Conversation,
    account: ChannelAccount,
    content: OutboundContent,
    author: Actor,
    options: { addressChecked?: boolean; aiGenerated?: boolean; retryOf?: string } = {},
  ): Promise<Message> {
    const html = content.html ? sanitizeHtml(content.html).trim() || null : null;
    if (!content.body?.trim() && !html && !content.templateId && !content.attachmentIds?.length) {
      throw new BadRequestException({
        message: 'a message needs body, html, templateId or attachmentIds',
        details: [{ field: 'body', errors: ['body is empty'] }],
      });
    }
    if (!account.active) throw new UnprocessableEntityException(`Channel account "${account.name}" is inactive`);
    const contact = await em.findOneOrFail(Contact, conversation.contact);
    this.assertNotOptedOut(contact, account.channel);
    if (!options.addressChecked) await this.assertAddress(em, contact, account.channel);

    let body = content.body ?? null;
    let template: Template | null = null;
    if (content.templateId) {
      // By primary key, so a caller that already loaded it (a campaign launch) costs no query.
      template = await em.findOne(Template, content.templateId);
      if (!template || template.channelAccount !== account.id) throw new NotFoundException('Template not found for this channel account');
      body = renderTemplate(template.body, content.templateParams);
    } else {
      await this.assertWindowOpen(em, contact, account);
    }

    const attachments = content.attachmentIds?.length ? await em.find(Attachment, { id: { $in: content.attachmentIds }, message: null }) : [];
    if (attachments.length !== (content.attachmentIds?.length ?? 0)) {
      throw new NotFoundException('One or more attachments were not found (or are already sent)');
    }
    this.assertChannelTakes(account, attachments);

    const aiGenerated = options.aiGenerated ?? author.kind === 'ai';
    const message = new Message();
    Object.assign(message, {
      workspace: conversation.workspace,
      conversation: conversation.id,
      channelAccount: account.id,
      direction: 'outbound',
      authorKind: author.kind,
      authorId: author.id ?? null,
      authorName: author.name ?? null,
      body,
      html,
      subject: content.subject ?? null,
      deliveryStatus: 'queued',
      aiGenerated,
      templateId: template?.id ?? null,
      templateParams: template ? (content.templateParams ?? []) : null,
      retryOf: options.retryOf ?? null,
    });
    em.persist(message);
    for (const a of attachments) a.message = message.id;

    conversation.lastActivityAt = message.createdAt;
    conversation.lastMessagePreview = previewOf(message, attachments.length);
    conversation.replyState = 'replied';
    conversation.deliveryFailed = false;
    if (!aiGenerated && conversation.pendingDrafts > 0) await this.withdrawDrafts(em, conversation);
    // A human answered: an escalation flagged for waiting past its SLA stops sorting first.
    if (author.kind === 'operator') conversation.priority = 0;

    this.timeline.record(em, conversation, 'message.sent', author, { messageId: message.id, channelAccountId: account.id });
    this.outbox.job(em, QUEUES.delivery, 'send', { messageId: message.id, workspaceId: conversation.workspace }, { jobId: sendJobId(message.id) });
    this.outbox.event(em, conversation.workspace, 'message.created', toMessageView(message, attachments));
    this.outbox.event(em, conversation.workspace, 'conversation.updated', { id: conversation.id });
    return message;
  }

  /** Each channel narrows what it carries (Twilio MMS: 5 MB of images; WhatsApp: 16 MB; …). */
  private assertChannelTakes(account: ChannelAccount, attachments: Attachment[]): void {
    if (!attachments.length) return;
    const limits = this.plugins.findChannel(account.plugin)?.capabilities.attachments;
    if (!limits) throw new UnprocessableEntityException(`${account.name} does not carry attachments`);
    for (const a of attachments) {
      if (a.status !== 'stored') throw new UnprocessableEntityException(`Attachment ${a.filename} is not stored yet`);
      if (a.size > limits.maxBytes)
        throw new UnprocessableEntityException(`${a.filename} is larger than ${account.name} accepts (${Math.floor(limits.maxBytes / 1024 / 1024)} MB)`);
      if (!limits.mimeTypes.includes(a.contentType)) throw new UnprocessableEntityException(`${account.name} does not carry ${a.contentType} files`);
    }
  }

  assertNotOptedOut(contact: Contact, channel: ChannelKind): void {
    if (contact.optedOutChannels.includes(channel)) {
      throw new ConflictException(`Contact opted out of ${channel} messages; nothing was sent`);
    }
  }

  private async assertAddress(em: EntityManager, contact: Contact, channel: ChannelKind): Promise<void> {
    const identity = await em.findOne(ContactIdentity, { contact: contact.id, channel }, { fields: ['id'] });
    if (!identity) throw new UnprocessableEntityException(`Contact has no ${channel} address`);
  }

  /** Channels with a messaging window (WhatsApp: 24 h) accept free-form text only after a recent inbound. */
  private async assertWindowOpen(em: EntityManager, contact: Contact, account: ChannelAccount): Promise<void> {
    const hours = this.plugins.findChannel(account.plugin)?.capabilities.messagingWindowHours;
    if (!hours) return;
    if (!(await messagingWindowOpen(em, contact.id, account.id, hours))) {
      throw new UnprocessableEntityException(`Outside the ${hours}-hour messaging window: send an approved template (templateId)`);
    }
  }

  /** A human replied first: pending AI drafts are no longer wanted. */
  private async withdrawDrafts(em: EntityManager, conversation: Conversation): Promise<void> {
    const drafts = await em.find(Draft, { conversation: conversation.id, status: 'pending' });
    for (const d of drafts) {
      d.status = 'withdrawn';
      d.decidedAt = new Date();
      d.decisionNote = 'a human replied first';
      this.outbox.event(em, conversation.workspace, 'draft.updated', toDraftView(d));
    }
    conversation.pendingDrafts = 0;
  }
}

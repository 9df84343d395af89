import { Injectable, Logger } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { PermanentSendError, RetryableSendError, type OutboundMessage } from '@parley/plugin-sdk';
import { Contact } from '../contact/contact.entity';
import { ContactIdentity } from '../contact/contact-identity.entity';
import { Conversation } from '../conversation/conversation.entity';
import { Message } from '../message/message.entity';
import { Attachment } from '../message/attachment.entity';
import { referenceOf } from '../conversation/conversation-reference';
import { Template } from '../template/template.entity';
import { messagingWindowOpen } from '../message/messaging-window';
import { FileStorage } from '../attachment/file-storage';
import { PublicMediaUrls } from '../attachment/public-media-urls';
import { AccountContextService } from '../channel-account/account-context.service';
import { OutboxService } from '../outbox/outbox.service';
import { TimelineService } from '../timeline/timeline.service';
import { setDeliveryStatus } from '../message/delivery-status';
import { applyConsent } from '../contact/consent';
import { lockAddress } from '../contact/contact-sql';
import { scopeToWorkspace } from '../database/workspace-filter';
import { SqlWriter } from '../database/sql-writer';
import type { ChannelKind, DeliveryStatus } from '@parley/contracts';
import { MetricsService } from '../health/metrics.service';
import { SendRateLimiter, DEFAULT_SENDS_PER_SECOND } from './send-rate-limiter';
import { completeCampaignIfDone } from '../campaign/campaign-completion';

export type SendOutcome =
  | { kind: 'sent'; providerMessageId: string }
  | { kind: 'skipped'; reason: string }
  | { kind: 'delay'; ms: number }
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'failed'; code: string | null; message: string }
  | { kind: 'retry'; error: RetryableSendError | Error }
  /** The provider accepted it, recording that did not work yet: later attempts record `providerMessageId`, never send. */
  | { kind: 'unrecorded'; providerMessageId: string; error: Error };

/** In-process tries at recording a provider's answer before the job's own retries take over. */
const RECORD_TRIES = 3;
const RECORD_RETRY_MS = 200;

/**
 * One send of one queued message, whoever wrote it (operator, assistant, campaign, API). Safe to run
 * twice: only a `queued` message is sent, and a send that may have reached the provider is never repeated.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly accounts: AccountContextService,
    private readonly storage: FileStorage,
    private readonly outbox: OutboxService,
    private readonly timeline: TimelineService,
    private readonly writer: SqlWriter,
    private readonly limiter: SendRateLimiter,
    private readonly metrics: MetricsService,
    private readonly mediaUrls: PublicMediaUrls,
  ) {}

  /**
   * `acceptedProviderId`: an earlier attempt got this id from the provider but could not record it;
   * this attempt only records it.
   */
  async deliver(workspaceId: string, messageId: string, options: { lastAttempt: boolean; acceptedProviderId?: string }): Promise<SendOutcome> {
    // Scoped like a request: every read below sees only the job's workspace.
    const em = this.orm.em.fork({ disableTransactions: false });
    scopeToWorkspace(em, workspaceId);
    const message = await em.findOne(Message, { id: messageId, direction: 'outbound' });
    if (!message) return { kind: 'skipped', reason: 'message deleted' };
    if (message.deliveryStatus !== 'queued') return { kind: 'skipped', reason: `already ${message.deliveryStatus}` };
    if (options.acceptedProviderId) return this.recordAccepted(em, message, options.acceptedProviderId, options.lastAttempt);
    if (message.sendAttemptedAt) {
      // The previous attempt crashed between asking the provider and recording its answer.
      return this.fail(
        message,
        'unknown_outcome',
        'A previous send attempt was interrupted; it may or may not have been delivered. Retry it from the dead letters if it did not arrive.',
      );
    }
    const resolved = await this.accounts.resolveIn(message.workspace, message.channelAccount);
    if (!resolved) return this.fail(message, 'channel_unavailable', 'The channel account is inactive or its plugin is not installed');
    const { plugin, context, account } = resolved;

    const conversation = await em.findOneOrFail(Conversation, message.conversation);
    const contact = await em.findOneOrFail(Contact, conversation.contact);
    if (contact.optedOutChannels.includes(account.channel)) {
      this.metrics.sends.inc({ plugin: plugin.id, outcome: 'refused' });
      return this.fail(message, 'opted_out', `The contact opted out of ${account.channel}; not sent`);
    }
    const identity = await em.findOne(ContactIdentity, { contact: contact.id, channel: account.channel });
    if (!identity) return this.fail(message, 'no_address', `The contact has no ${account.channel} address`);
    const windowHours = plugin.capabilities.messagingWindowHours;
    if (windowHours && !message.templateId && !(await messagingWindowOpen(em, contact.id, account.id, windowHours))) {
      this.metrics.sends.inc({ plugin: plugin.id, outcome: 'refused' });
      return this.fail(message, 'window_closed', `Outside the ${windowHours}-hour messaging window; send an approved template`);
    }

    const wait = await this.limiter.reserve(account.id, DEFAULT_SENDS_PER_SECOND);
    if (wait > 0) return { kind: 'delay', ms: wait };

    const outbound = await this.outbound(em, message, identity.address, context.webhookUrl, Boolean(plugin.capabilities.subject));
    // A claim: of two jobs for one message (a re-enqueued one meeting a straggler), only one may send.
    const claimed = await em.nativeUpdate(Message, { id: message.id, deliveryStatus: 'queued', sendAttemptedAt: null }, { sendAttemptedAt: new Date() });
    if (claimed === 0) return { kind: 'skipped', reason: 'another attempt is sending it' };
    let providerMessageId: string;
    try {
      ({ providerMessageId } = await plugin.send(outbound, context));
    } catch (err) {
      if (err instanceof PermanentSendError) {
        this.metrics.sends.inc({ plugin: plugin.id, outcome: 'failed' });
        if (err.optedOut) await this.recordOptOut(message, contact, account.channel, identity.address);
        return this.fail(message, err.code ?? 'permanent_error', err.message);
      }
      // The provider did not take it (or we cannot tell the plugin's bug from a refusal): clear the marker, retry.
      await em.nativeUpdate(Message, { id: message.id }, { sendAttemptedAt: null });
      this.metrics.sends.inc({ plugin: plugin.id, outcome: 'retry' });
      if (options.lastAttempt) {
        const code = err instanceof RetryableSendError ? (err.code ?? 'retries_exhausted') : 'retries_exhausted';
        await this.fail(message, code, `Gave up after retries: ${(err as Error).message}`);
      }
      return { kind: 'retry', error: err as Error };
    }
    // From here on the provider has the message: whatever fails now, it is never sent again automatically.
    this.metrics.sends.inc({ plugin: plugin.id, outcome: 'sent' });
    return this.recordAccepted(em, message, providerMessageId, options.lastAttempt);
  }

  /**
   * Records the provider's answer to a send it accepted. A failure here retries the recording only:
   * a few times in process, then through the job (`unrecorded`) with the id kept in the job's data.
   */
  private async recordAccepted(em: EntityManager, message: Message, providerMessageId: string, lastAttempt: boolean): Promise<SendOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.recordSent(message, providerMessageId);
        break;
      } catch (err) {
        if (isProviderIdConflict(err)) {
          // Another message of this account already has that id: the provider's answer cannot be trusted, and
          // sending again could reach the customer twice. An admin decides (dead letters).
          return this.fail(
            message,
            'duplicate_provider_id',
            `The provider accepted the send but answered with id ${providerMessageId}, which another message of this channel account already has; it was not sent again.`,
          );
        }
        if (attempt < RECORD_TRIES) {
          await new Promise((resolve) => setTimeout(resolve, RECORD_RETRY_MS * attempt));
          continue;
        }
        this.logger.error(`message ${message.id}: the provider accepted it as ${providerMessageId}, recording that failed: ${(err as Error).message}`);
        if (lastAttempt) {
          const failed = await this.fail(
            message,
            'unrecorded_send',
            `The provider accepted it as ${providerMessageId}, but recording that failed: ${(err as Error).message}`,
          ).catch(() => null);
          if (failed) return failed;
        }
        return { kind: 'unrecorded', providerMessageId, error: err as Error };
      }
    }
    await completeCampaignIfDone(this.orm.em, message.conversation);
    return { kind: 'sent', providerMessageId };
  }

  /** `threaded`: the channel threads by subject and earlier ids (email); others skip those two reads on every send. */
  private async outbound(em: EntityManager, message: Message, to: string, statusCallbackUrl: string, threaded: boolean): Promise<OutboundMessage> {
    const attachments = await em.find(Attachment, { message: message.id, status: 'stored' });
    const template = message.templateId ? await em.findOne(Template, message.templateId) : null;
    // The provider ids of the conversation's earlier messages (ours and the customer's), oldest first: email threads by them.
    const previous: { provider_message_id: string }[] = !threaded
      ? []
      : await em.getConnection().execute(
          `select provider_message_id from (
         select provider_message_id, created_at, id from message
          where workspace_id = ? and conversation_id = ? and id <> ? and provider_message_id is not null
          order by created_at desc, id desc limit 20) recent
        order by created_at, id`,
          [message.workspace, message.conversation, message.id],
        );
    // A reply without a subject of its own answers the thread's (email: "Re: …").
    const [threadSubject] =
      message.subject || !threaded
        ? []
        : await em
            .getConnection()
            .execute<{ subject: string }[]>(
              'select subject from message where workspace_id = ? and conversation_id = ? and subject is not null order by created_at desc, id desc limit 1',
              [message.workspace, message.conversation],
            );
    return {
      senderName: message.authorName ?? undefined,
      // The assistant's own send; an approved draft is the approver's (authored by the operator).
      automatic: message.authorKind === 'ai',
      thread: { reference: referenceOf(message.conversation), previous: previous.map((r) => r.provider_message_id) },
      id: message.id,
      to,
      ...(message.body ? { body: message.body } : {}),
      ...(message.html ? { html: message.html } : {}),
      ...(message.subject || threadSubject ? { subject: message.subject ?? threadSubject.subject } : {}),
      ...(template ? { template: { name: template.name, language: template.language, params: message.templateParams ?? [] } } : {}),
      attachments: attachments.map((a) => ({
        id: a.id,
        filename: a.filename,
        contentType: a.contentType,
        size: a.size,
        read: () => this.storage.read(a.storageKey),
        url: this.mediaUrls.urlFor(a.id),
      })),
      statusCallbackUrl,
    };
  }

  /**
   * Records the provider id, then applies any status the provider reported before we knew that id.
   * Idempotent: a message no longer `queued` (recorded by an earlier try) is left as it is.
   */
  private async recordSent(message: Message, providerMessageId: string): Promise<void> {
    await this.writer.transaction(async (sql, outbox) => {
      const target = { workspaceId: message.workspace, messageId: message.id };
      const recorded = await setDeliveryStatus(sql, outbox, target, 'sent', { providerMessageId, from: ['queued'] });
      if (recorded.length === 0) return;
      const early = await sql<{ status: DeliveryStatus; error_code: string | null; error_message: string | null }>(
        'select status, error_code, error_message from delivery_status_event where channel_account_id = $1 and provider_message_id = $2 order by id',
        [message.channelAccount, providerMessageId],
      );
      for (const e of early) {
        await setDeliveryStatus(sql, outbox, target, e.status, { error: e.error_message ? { code: e.error_code, message: e.error_message } : undefined });
      }
    });
  }

  private async fail(message: Message, code: string, text: string): Promise<SendOutcome> {
    await this.writer.transaction((sql, outbox) =>
      setDeliveryStatus(sql, outbox, { workspaceId: message.workspace, messageId: message.id }, 'failed', { error: { code, message: text }, from: ['queued'] }),
    );
    await completeCampaignIfDone(this.orm.em, message.conversation);
    this.logger.warn(`message ${message.id} failed: ${code}: ${text}`);
    return code === 'opted_out' || code === 'window_closed' ? { kind: 'refused', code, message: text } : { kind: 'failed', code, message: text };
  }

  /** The provider says the recipient unsubscribed (Twilio 21610): every sender must now stop, as after an inbound STOP. */
  private async recordOptOut(message: Message, contact: Contact, channel: ChannelKind, address: string): Promise<void> {
    await this.writer.transaction(async (sql, outbox) => {
      await lockAddress(sql, message.workspace, channel, address);
      const [locked] = await sql<{ id: string; opted_out_channels: ChannelKind[] }>(
        'select id, opted_out_channels from contact where id = $1 and workspace_id = $2 for update',
        [contact.id, message.workspace],
      );
      if (!locked) return;
      await applyConsent(sql, outbox, {
        workspaceId: message.workspace,
        contact: locked,
        channel,
        optOut: true,
        actor: { kind: 'system', name: 'Parley' },
        reason: 'the provider reports the recipient unsubscribed',
      });
    });
  }
}

/** PostgreSQL's unique violation on (channel account, provider message id). */
function isProviderIdConflict(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === 'message_provider_id_unique';
}

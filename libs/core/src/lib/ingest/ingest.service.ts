import { Inject, Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { AssistantState, ChannelKind, ConversationStatus } from '@parley/contracts';
import type { ConsentEvent, DeliveryStatusEvent, InboundAttachment, InboundEvent, InboundMessageEvent } from '@parley/plugin-sdk';
import { FileStorage, storageKeyFor } from '../attachment/file-storage';
import { typeOfBytes } from '../attachment/content-type';
import { MAX_ATTACHMENT_BYTES } from '../attachment/attachment-limits';
import type { ChannelAccount } from '../channel-account/channel-account.entity';
import { normalizeAddress } from '../contact/contact.service';
import { applyConsent } from '../contact/consent';
import { insertContactWithIdentity, lockAddress } from '../contact/contact-sql';
import { setDeliveryStatus, type StatusChange } from '../message/delivery-status';
import { previewOf, toMessageView } from '../message/message.view';
import type { Message } from '../message/message.entity';
import type { Attachment } from '../message/attachment.entity';
import type { ConversationRow } from '../conversation/conversation-row';
import { REFERENCE_PATTERN, referenceSql } from '../conversation/conversation-reference';
import { insertTimeline, timelineRow } from '../timeline/timeline-sql';
import { QUEUES, turnJobId } from '../outbox/queues';
import { OutboxBatch, SqlWriter, type Sql } from '../database/sql-writer';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import type { Actor } from '../timeline/actor';
import { DEFAULT_ASSISTANT } from '../assistant/assistant-settings.service';
import { cleanDeep } from '../common/clean-text';

export interface IngestResult {
  messages: number;
  duplicates: number;
  statuses: number;
  consents: number;
  /** Events the database refused for good (logged and skipped). */
  rejected: number;
}

/**
 * SQLSTATE classes no retry can change: data exceptions (22: an invalid value), integrity violations
 * (23) and program limits (54: e.g. a key too large for its index). Anything else (a lost connection,
 * a deadlock, a database shutting down, a bug) may pass next time.
 */
const PERMANENT_SQLSTATE_CLASSES = ['22', '23', '54'];
const refusedForGood = (err: unknown) => {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code.length === 5 && PERMANENT_SQLSTATE_CLASSES.includes(code.slice(0, 2));
};

const providerIdOf = (event: InboundEvent) => {
  const id = 'providerMessageId' in event ? event.providerMessageId : undefined;
  return id && id.length > 80 ? `${id.slice(0, 80)}… (${id.length} characters)` : (id ?? 'none');
};

/** The conversation a message joins: the contact's latest on the account (SMS, WhatsApp, chat…). */
const CONTACT_CONVERSATION = `select * from conversation where contact_id = ct.id and channel_account_id = $1 order by created_at desc limit 1 for update`;

/**
 * An email's conversation, by its thread (ThreadHints), whoever in it wrote: the conversation of a message
 * of this account whose provider id it answers ($7, in order), else the one its reference names ($8).
 * No match: none, and the mail starts a conversation of its own.
 */
const THREAD_CONVERSATION = `select * from conversation where id = coalesce(
    (select m.conversation_id from message m where m.channel_account_id = $1 and m.provider_message_id = any($7::text[])
      order by array_position($7::text[], m.provider_message_id) limit 1),
    (select r.id from conversation r where r.workspace_id = $3 and r.channel_account_id = $1 and ${referenceSql('r')} = any($8::text[])
      order by array_position($8::text[], ${referenceSql('r')}), r.created_at desc limit 1)
  ) for update`;

/** What an email answers, in the order it is matched; null for messages without thread hints. */
export function threadKeys(event: InboundMessageEvent): { ids: string[]; references: string[] } | null {
  if (!event.thread) return null;
  const { inReplyTo = [], references = [], token, tag } = event.thread;
  const ids = [...new Set([...inReplyTo, ...[...references].reverse()].map((id) => id.trim()).filter(Boolean))].slice(0, 50);
  const refs = [...new Set([token, tag].filter((r): r is string => !!r && REFERENCE_PATTERN.test(r.trim())).map((r) => r.trim().toUpperCase()))];
  return { ids, references: refs };
}

/**
 * Commits a webhook's events, each in its own transaction, before the provider gets its 2xx. Work is serialised
 * per sender by a transaction-scoped advisory lock, so concurrent replays of one delivery find each
 * other's message; the unique (channel account, provider id) index stays a backstop.
 * Plain SQL through SqlWriter: this is the hottest write path of the product.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    private readonly writer: SqlWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: FileStorage,
  ) {}

  /**
   * Each event commits on its own, so one the database refuses (or a fault in the middle of a batch)
   * never takes the batch's other events with it. A refused event is logged and skipped: retrying it can
   * only fail again. Any other error is rethrown once the rest of the batch is done, so the provider gets
   * a 5xx and retries; what already committed is then found again and deduped.
   */
  async ingest(account: ChannelAccount, events: InboundEvent[]): Promise<IngestResult> {
    const result: IngestResult = { messages: 0, duplicates: 0, statuses: 0, consents: 0, rejected: 0 };
    let retryable: unknown;
    for (const parsed of events) {
      if (parsed.kind === 'ignored') continue;
      // After the signature check (made over the raw bytes): only now may the text change.
      const event = cleanDeep(parsed);
      try {
        result[await this.writer.transaction((sql, outbox) => this.apply(sql, outbox, account, event))]++;
      } catch (err) {
        const { code, constraint } = err as { code?: string; constraint?: string };
        // Only reachable if two transactions raced past the lock (they cannot): the message exists, which is what the provider wants.
        if (code === '23505' && constraint === 'message_provider_id_unique') result.duplicates++;
        else if (refusedForGood(err)) {
          result.rejected++;
          this.logger.error(
            `skipped a ${event.kind} event for channel account ${account.id} (provider id ${providerIdOf(event)}): the database refuses it (${code}: ${(err as Error).message})`,
          );
        } else retryable ??= err;
      }
    }
    if (retryable !== undefined) throw retryable;
    return result;
  }

  private async apply(sql: Sql, outbox: OutboxBatch, account: ChannelAccount, event: Exclude<InboundEvent, { kind: 'ignored' }>): Promise<keyof IngestResult> {
    if (event.kind === 'message') return (await this.message(sql, outbox, account, event)) ? 'messages' : 'duplicates';
    if (event.kind === 'status') {
      await this.status(sql, outbox, account, event);
      return 'statuses';
    }
    await this.consent(sql, outbox, account, event);
    return 'consents';
  }

  /** Returns false for a replay of a message already stored. */
  private async message(sql: Sql, outbox: OutboxBatch, account: ChannelAccount, event: InboundMessageEvent): Promise<boolean> {
    const address = normalizeAddress(account.channel, event.from.address);
    const thread = threadKeys(event);
    await lockAddress(sql, account.workspace, account.channel, address);
    const [found] = await sql<
      {
        duplicate: boolean;
        assistant_enabled: boolean;
        contact_id: string | null;
        contact_name: string | null;
        opted_out: ChannelKind[] | null;
      } & Partial<ConversationRow> & { conversation_id: string | null }
    >(
      `select exists(select 1 from message where channel_account_id = $1 and provider_message_id = $2) as duplicate,
              (select coalesce((w.settings->'assistant'->>'enabled')::boolean, $6::boolean) from workspace w where w.id = $3) as assistant_enabled,
              ct.id as contact_id, ct.name as contact_name, ct.opted_out_channels as opted_out,
              cv.id as conversation_id, cv.status, cv.assistant_state, cv.reply_state, cv.assignee_id, cv.escalation_reason, cv.pending_drafts
         from (select 1) one
         left join contact_identity ci on ci.workspace_id = $3 and ci.channel = $4 and ci.address = $5
         left join contact ct on ct.id = ci.contact_id
         left join lateral (${thread ? THREAD_CONVERSATION : CONTACT_CONVERSATION}) cv on true`,
      [
        account.id,
        event.providerMessageId,
        account.workspace,
        account.channel,
        address,
        DEFAULT_ASSISTANT.enabled,
        ...(thread ? [thread.ids, thread.references] : []),
      ],
    );
    if (found?.duplicate) return false;

    const now = new Date();
    let contactId = found?.contact_id ?? null;
    let contactName = found?.contact_name ?? null;
    if (!contactId) {
      contactId = uuidv7();
      contactName = event.from.name ?? null;
      await insertContactWithIdentity(sql, { id: contactId, workspaceId: account.workspace, channel: account.channel, address, name: contactName });
    } else if (!contactName && event.from.name) {
      contactName = event.from.name;
      await sql('update contact set name = $2 where id = $1 and name is null', [contactId, contactName]);
    }
    const actor: Actor = { kind: 'contact', id: contactId, name: contactName };

    const timelineRows: unknown[][] = [];
    const reuse = found?.conversation_id && found.status !== 'resolved';
    const conversation: ConversationRow = {
      id: reuse ? (found.conversation_id as string) : uuidv7(),
      workspace_id: account.workspace,
      contact_id: contactId,
      channel_account_id: account.id,
      channel: account.channel,
      status: reuse ? (found.status as ConversationStatus) : (found?.opted_out ?? []).includes(account.channel) ? 'opted_out' : 'ai_handling',
      assistant_state: reuse ? (found.assistant_state as AssistantState) : 'active',
      reply_state: 'awaiting_reply',
      assignee_id: reuse ? (found.assignee_id ?? null) : null,
      escalation_reason: reuse ? (found.escalation_reason ?? null) : null,
      archived: false,
      pending_drafts: reuse ? Number(found.pending_drafts ?? 0) : 0,
      last_activity_at: now,
      last_message_preview: previewOf({ body: event.body ?? null, subject: event.subject ?? null }, event.attachments?.length ?? 0),
    };
    if (!reuse) {
      timelineRows.push(
        timelineRow(
          outbox,
          conversation,
          'conversation.created',
          actor,
          { direction: 'inbound', channelAccountId: account.id, ...(found?.conversation_id ? { previousConversationId: found.conversation_id } : {}) },
          now,
        ),
      );
    }

    const messageId = uuidv7();
    timelineRows.push(
      timelineRow(
        outbox,
        conversation,
        'message.received',
        actor,
        {
          messageId,
          ...(event.metadata?.['keyword'] ? { keyword: event.metadata['keyword'] } : {}),
          ...(event.autoReply ? { autoReply: true } : {}),
          ...(event.occurredAt ? { sentAt: event.occurredAt.toISOString() } : {}),
        },
        now,
      ),
    );
    // The assistant answers what came after its cursor. Switched off for the workspace, it passes over
    // this message at once (what its turn would decide), so no turn job is queued for it.
    const passedOver = conversation.status === 'ai_handling' && found?.assistant_enabled === false ? now : null;
    const t = insertTimeline(timelineRows);
    // One statement: the conversation (created or updated), the message and its timeline.
    await sql(
      `with conv as (
         insert into conversation (id, workspace_id, contact_id, channel_account_id, channel, status, reply_state, last_activity_at, last_inbound_at, last_message_preview, assistant_cursor_at)
         values ($10, $11, $12, $13, $14, $15, 'awaiting_reply', $16, $16, $17, $24)
         on conflict (id) do update set last_activity_at = excluded.last_activity_at, last_inbound_at = excluded.last_inbound_at,
           last_message_preview = excluded.last_message_preview, reply_state = 'awaiting_reply', archived = false,
           assistant_cursor_at = coalesce(excluded.assistant_cursor_at, conversation.assistant_cursor_at)
       ), msg as (
         insert into message (id, workspace_id, conversation_id, channel_account_id, direction, author_kind, author_id, author_name, body, html, subject, delivery_status, provider_message_id, created_at, recipients)
         values ($18, $11, $10, $13, 'inbound', 'contact', $12, $19, $20, $21, $22, 'received', $23, $16, $25::jsonb)
       )
       ${t.text}`,
      [
        ...t.params,
        conversation.id,
        account.workspace,
        contactId,
        account.id,
        account.channel,
        conversation.status,
        now,
        conversation.last_message_preview,
        messageId,
        contactName,
        event.body ?? null,
        event.html ?? null,
        event.subject ?? null,
        event.providerMessageId,
        passedOver,
        event.cc?.length ? JSON.stringify(event.cc.map((r) => ({ address: r.address.toLowerCase(), ...(r.name ? { name: r.name } : {}) }))) : null,
      ],
    );
    const attachments: Pick<Attachment, 'id' | 'filename' | 'contentType' | 'size'>[] = [];
    for (const ref of event.attachments ?? []) {
      const attachmentId = uuidv7();
      if (ref.content) {
        const stored = await this.storeCarried(sql, account, messageId, attachmentId, ref as InboundAttachment & { content: Buffer });
        if (stored) attachments.push(stored);
        continue;
      }
      attachments.push({ id: attachmentId, filename: ref.filename ?? 'attachment', contentType: ref.contentType ?? 'application/octet-stream', size: 0 });
      await sql(
        `insert into attachment (id, workspace_id, message_id, filename, content_type, size, status, source_ref) values ($1, $2, $3, $4, $5, 0, 'pending', $6)`,
        [attachmentId, account.workspace, messageId, ref.filename ?? 'attachment', ref.contentType ?? 'application/octet-stream', ref.ref],
      );
      outbox.job(QUEUES.media, 'fetch', { attachmentId, workspaceId: account.workspace });
    }
    if (conversation.status === 'ai_handling' && !passedOver) {
      // Debounced: the turn waits a moment, and only the burst's last message's turn answers (all of it).
      const turn = { conversationId: conversation.id, workspaceId: account.workspace, messageId, ...(event.autoReply ? { autoReply: true } : {}) };
      outbox.job(QUEUES.assistant, 'turn', turn, { deliverAfter: new Date(now.getTime() + this.config.assistantDebounceMs), jobId: turnJobId(messageId) });
    }
    // The message as GET /conversations/:id/messages returns it, built from what was just inserted.
    const stored = {
      id: messageId,
      conversation: conversation.id,
      channelAccount: account.id,
      direction: 'inbound',
      authorKind: 'contact',
      authorId: contactId,
      authorName: contactName,
      body: event.body ?? null,
      html: event.html ?? null,
      subject: event.subject ?? null,
      deliveryStatus: 'received',
      intent: null,
      aiGenerated: false,
      templateId: null,
      retryOf: null,
      recipients: event.cc?.length ? event.cc.map((r) => ({ address: r.address.toLowerCase(), ...(r.name ? { name: r.name } : {}) })) : null,
      errorCode: null,
      errorMessage: null,
      createdAt: now,
    } satisfies Partial<Message>;
    outbox.event(account.workspace, 'message.created', toMessageView(stored as Message, attachments as Attachment[]));
    outbox.event(account.workspace, reuse ? 'conversation.updated' : 'conversation.created', { id: conversation.id });
    return true;
  }

  /**
   * A part the message carried (an email's): its bytes are checked like an upload's and written before
   * the commit (a rollback leaves an unreferenced file, never a row without its file). A part of a type
   * not accepted is left out and logged.
   */
  private async storeCarried(
    sql: Sql,
    account: ChannelAccount,
    messageId: string,
    attachmentId: string,
    ref: InboundAttachment & { content: Buffer },
  ): Promise<Pick<Attachment, 'id' | 'filename' | 'contentType' | 'size' | 'contentId'> | null> {
    const filename = ref.filename ?? 'attachment';
    const typed = ref.content.length > MAX_ATTACHMENT_BYTES ? { ok: false as const, reason: 'larger than 25 MB' } : typeOfBytes(ref.content, ref.contentType);
    if (!typed.ok) {
      this.logger.warn(`left out part "${filename}" of message ${messageId} (channel account ${account.id}): ${typed.reason}`);
      return null;
    }
    const key = storageKeyFor(account.workspace, attachmentId);
    await this.storage.put(key, ref.content);
    await sql(
      `insert into attachment (id, workspace_id, message_id, filename, content_type, size, status, storage_key, content_id) values ($1, $2, $3, $4, $5, $6, 'stored', $7, $8)`,
      [attachmentId, account.workspace, messageId, filename, typed.contentType, ref.content.length, key, ref.contentId ?? null],
    );
    return { id: attachmentId, filename, contentType: typed.contentType, size: ref.content.length, contentId: ref.contentId ?? null };
  }

  /** Logged always; applied only forward (a late `sent` never overwrites `delivered`). */
  private async status(sql: Sql, outbox: OutboxBatch, account: ChannelAccount, event: DeliveryStatusEvent): Promise<void> {
    await sql('insert into delivery_status_event (channel_account_id, provider_message_id, status, error_code, error_message) values ($1, $2, $3, $4, $5)', [
      account.id,
      event.providerMessageId,
      event.status,
      event.error?.code ?? null,
      event.error?.message ?? null,
    ]);
    const changed = await setDeliveryStatus(
      sql,
      outbox,
      { workspaceId: account.workspace, channelAccountId: account.id, providerMessageId: event.providerMessageId },
      event.status,
      {
        error: event.error,
      },
    );
    if (event.hardBounce && event.status === 'bounced') await this.markUndeliverable(sql, outbox, account, changed, event.error?.message ?? 'hard bounce');
  }

  /**
   * A hard bounce: the address the bounced message went to (the conversation's contact on this channel)
   * takes no more messages. Recorded on the identity and on the conversation's timeline, where an
   * operator looks.
   */
  private async markUndeliverable(sql: Sql, outbox: OutboxBatch, account: ChannelAccount, bounced: StatusChange[], reason: string): Promise<void> {
    for (const message of bounced) {
      const marked = await sql<{ address: string; conversation_id: string }>(
        `update contact_identity ci set undeliverable_at = now(), undeliverable_reason = $4
           from conversation c
          where c.id = $2 and c.workspace_id = $1 and ci.workspace_id = $1 and ci.contact_id = c.contact_id and ci.channel = $3
          returning ci.address, c.id as conversation_id`,
        [account.workspace, message.conversationId, account.channel, reason.slice(0, 500)],
      );
      if (!marked.length) continue;
      const rows = marked.map((m) =>
        timelineRow(
          outbox,
          { id: m.conversation_id, workspace_id: account.workspace },
          'contact.undeliverable',
          { kind: 'system', name: 'Parley' },
          { address: m.address, reason, messageId: message.id },
          new Date(),
        ),
      );
      const t = insertTimeline(rows);
      await sql(t.text, t.params);
    }
  }

  /** Opt-out closes the channel to every sender; opt-in reopens it. */
  private async consent(sql: Sql, outbox: OutboxBatch, account: ChannelAccount, event: ConsentEvent): Promise<void> {
    const address = normalizeAddress(account.channel, event.address);
    await lockAddress(sql, account.workspace, account.channel, address);
    const optOut = event.kind === 'opt_out';
    let [contact] = await sql<{ id: string; name: string | null; opted_out_channels: ChannelKind[] }>(
      `select ct.id, ct.name, ct.opted_out_channels from contact_identity ci join contact ct on ct.id = ci.contact_id
        where ci.workspace_id = $1 and ci.channel = $2 and ci.address = $3 for update of ct`,
      [account.workspace, account.channel, address],
    );
    if (!contact) {
      contact = { id: uuidv7(), name: null, opted_out_channels: [] };
      await insertContactWithIdentity(sql, { id: contact.id, workspaceId: account.workspace, channel: account.channel, address, name: null });
    }
    if (optOut === contact.opted_out_channels.includes(account.channel)) return;
    await applyConsent(sql, outbox, {
      workspaceId: account.workspace,
      contact,
      channel: account.channel,
      optOut,
      actor: { kind: 'contact', id: contact.id, name: contact.name },
      reason: optOut ? 'opt-out' : 'opt-in',
      keyword: event.keyword,
    });
    this.logger.log(`contact ${contact.id} ${optOut ? 'opted out of' : 'opted back in to'} ${account.channel}`);
  }
}

import { DEFAULT_AUTO_REPLY_LIMIT_PER_HOUR, Workspace } from '../workspace/workspace.entity';
import { HttpException, Injectable, Logger } from '@nestjs/common';
import { MikroORM, LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { AiProvider, AssistantContext, AssistantReport } from '@parley/plugin-sdk';
import { Conversation } from '../conversation/conversation.entity';
import { ConversationService } from '../conversation/conversation.service';
import { Contact } from '../contact/contact.entity';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { OutboundMessageService } from '../message/outbound-message.service';
import { KnowledgeSearchService } from '../knowledge/knowledge-search.service';
import { KnowledgeGapRecorder } from '../knowledge/knowledge-gap.recorder';
import { BookingService } from '../booking/booking.service';
import { DraftService } from '../autonomy/draft.service';
import { decide, silenceReason, type Decision, type Delivery, type TurnSituation } from '../autonomy/autonomy-decision';
import { policyFor } from '../autonomy/autonomy-policy.entity';
import { scopeToWorkspace } from '../database/workspace-filter';
import { OutboxService } from '../outbox/outbox.service';
import { QUEUES } from '../outbox/queues';
import { TimelineService } from '../timeline/timeline.service';
import { ASSISTANT } from '../timeline/actor';
import { AssistantSettingsService } from './assistant-settings.service';
import { Message } from '../message/message.entity';
import { Attachment } from '../message/attachment.entity';
import { toMessageView } from '../message/message.view';
import { groupBy } from '../common/group-by';
import { pendingInbound, recentHistory, type PendingMessage } from './turn-messages';
import type { TurnJob } from '../outbox/jobs';

/** The provider's report; `classified` unless it is the stand-in for a provider that failed. */
interface Answer {
  report: AssistantReport;
  classified: boolean;
}

export type TurnOutcome = { kind: 'skipped'; reason: string } | { kind: 'decided'; decision: string; reason: string };

/**
 * Longest a provider may take before the turn gives up on this attempt (the job retries). Within the
 * conversation lease (150 s) and above the openai plugin's worst case (3 × 30 s).
 */
const PROVIDER_DEADLINE_MS = 100_000;
const BOOKING_ID_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * One assistant turn: answers every inbound message the assistant has not yet handled, with one
 * provider call, then lets the autonomy module decide. Safe to run twice and to race: the decision is
 * committed only if, under the conversation's row lock, the messages are still unhandled and no newer
 * one arrived (that one's turn answers them all); a human taking over mid-turn silences it.
 */
@Injectable()
export class AssistantTurnService {
  private readonly logger = new Logger(AssistantTurnService.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly settings: AssistantSettingsService,
    private readonly knowledge: KnowledgeSearchService,
    private readonly gaps: KnowledgeGapRecorder,
    private readonly conversations: ConversationService,
    private readonly outbound: OutboundMessageService,
    private readonly drafts: DraftService,
    private readonly bookings: BookingService,
    private readonly timeline: TimelineService,
    private readonly outbox: OutboxService,
  ) {}

  async run(job: TurnJob, options: { lastAttempt: boolean }): Promise<TurnOutcome> {
    const em = this.orm.em.fork();
    scopeToWorkspace(em, job.workspaceId);
    const conversation = await em.findOne(Conversation, job.conversationId);
    if (!conversation) return { kind: 'skipped', reason: 'conversation deleted' };
    const pending = await pendingInbound(em, conversation);
    if (!pending.some((m) => m.id === job.messageId)) return { kind: 'skipped', reason: 'already handled' };
    if (pending[pending.length - 1].id !== job.messageId) return { kind: 'skipped', reason: 'superseded: a later message is answered with this one' };

    const assistant = await this.settings.resolve(em, job.workspaceId);
    const contact = await em.findOneOrFail(Contact, conversation.contact);
    const silent = assistant ? silenceReason(this.situation(conversation, contact, job)) : 'the assistant is turned off for this workspace';
    let answer: Answer | null = null;
    let providerId = assistant?.id ?? null;
    if (!silent && assistant) {
      answer = assistant.provider
        ? await this.ask(em, assistant.provider, assistant.config, conversation, contact, pending, options.lastAttempt)
        : { report: failure(`the AI provider "${assistant.id}" is not installed`), classified: false };
      providerId = assistant.id;
    }
    return this.commit(em, job, pending, answer, providerId, silent);
  }

  private situation(c: Conversation, contact: Contact, job: TurnJob): TurnSituation {
    return {
      conversation: { status: c.status, assistantState: c.assistantState, channelAccountId: c.channelAccount },
      contact: { aiPaused: contact.aiPaused, optedOut: contact.optedOutChannels.includes(c.channel), blocked: contact.blocked },
      inboundWasAutoReply: Boolean(job.autoReply),
    };
  }

  private async ask(
    em: EntityManager,
    provider: AiProvider,
    config: Record<string, unknown>,
    c: Conversation,
    contact: Contact,
    pending: PendingMessage[],
    lastAttempt: boolean,
  ): Promise<Answer> {
    const latest = pending.map((m) => [m.subject, m.body].filter(Boolean).join('\n')).join('\n');
    const context: AssistantContext = {
      workspaceId: c.workspace,
      conversationId: c.id,
      channel: c.channel,
      contact: { name: contact.name, metadata: contact.metadata },
      history: await recentHistory(em, c.id),
      latest,
      knowledge: await this.knowledge.search(c.workspace, latest, 3),
    };
    try {
      return { report: await withDeadline(provider.respond(context, config), PROVIDER_DEADLINE_MS), classified: true };
    } catch (err) {
      // A provider that throws gets the job's retries; after the last, a human takes over rather than silence.
      if (!lastAttempt) throw err;
      this.logger.warn(`AI provider ${provider.id} failed on conversation ${c.id}: ${(err as Error).message}`);
      return { report: failure((err as Error).message), classified: false };
    }
  }

  private async commit(
    em: EntityManager,
    job: TurnJob,
    snapshot: PendingMessage[],
    answer: Answer | null,
    providerId: string | null,
    silentBefore: string | null,
  ): Promise<TurnOutcome> {
    const report = answer?.report ?? null;
    return em.transactional(async (tx) => {
      const c = await tx.findOne(Conversation, job.conversationId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!c) return { kind: 'skipped', reason: 'conversation deleted' } as const;
      const now = await pendingInbound(tx, c);
      const last = snapshot[snapshot.length - 1];
      if (!now.some((m) => m.id === job.messageId)) {
        if (c.assistantCursorAt && c.assistantCursorAt >= last.createdAt) return { kind: 'skipped', reason: 'already handled' } as const;
        // Nobody else answered for the assistant: a human replied while the provider was thinking.
        c.assistantCursorAt = last.createdAt;
        if (answer?.classified) await this.classify(tx, snapshot, answer.report.intent.name);
        const reason = 'cancelled: a human replied during the turn';
        if (providerId)
          this.timeline.record(tx, c, 'ai.decision', ASSISTANT, { decision: 'cancelled', reason, provider: providerId, answered: snapshot.map((m) => m.id) });
        return { kind: 'decided', decision: 'cancelled', reason } as const;
      }
      if (now.length !== snapshot.length || now[now.length - 1].id !== job.messageId) {
        return { kind: 'skipped', reason: 'superseded: more messages arrived during the turn' } as const;
      }
      const contact = await tx.findOneOrFail(Contact, c.contact);
      const situation = this.situation(c, contact, job);
      const policy = await policyFor(tx, c.workspace);
      let decision: Decision;
      if (!report) decision = { kind: 'silent', reason: `silent: ${silentBefore ?? 'no report'}` };
      else {
        decision = decide(policy, situation, report);
        const changed = silenceReason(situation);
        if (decision.kind === 'silent' && changed) decision = { kind: 'silent', reason: `cancelled: ${changed} (changed during the turn)` };
        decision = await this.withinAutoReplyLimit(tx, c, decision);
      }

      const applied = await this.apply(tx, c, decision, report);
      c.assistantCursorAt = last.createdAt;
      if (answer?.classified) await this.classify(tx, snapshot, answer.report.intent.name);
      if (report?.unanswered) this.gaps.record(tx, c, snapshot);
      // Turned off for the workspace: nothing to show on every conversation's timeline.
      if (providerId) {
        this.timeline.record(tx, c, 'ai.decision', ASSISTANT, {
          decision: applied.label,
          reason: applied.reason,
          provider: providerId,
          answered: snapshot.map((m) => m.id),
          ...(report ? { intent: report.intent.name, confidence: report.intent.confidence, risk: report.risk.level, riskReasons: report.risk.reasons } : {}),
          ...(applied.messageId ? { messageId: applied.messageId } : {}),
          ...(applied.draftId ? { draftId: applied.draftId } : {}),
        });
      }
      this.outbox.event(tx, c.workspace, 'conversation.updated', { id: c.id });
      return { kind: 'decided', decision: applied.label, reason: applied.reason } as const;
    });
  }

  /**
   * The loop guard: the assistant sends on its own at most `autoReplyLimitPerHour` replies to one contact
   * per hour (an auto-responder answering every answer would otherwise ping-pong); beyond that a reply
   * waits as a draft, saying why.
   */
  private async withinAutoReplyLimit(em: EntityManager, c: Conversation, decision: Decision): Promise<Decision> {
    const sends = decision.kind === 'reply' ? decision.delivery === 'send' : decision.kind !== 'silent' && decision.reply?.delivery === 'send';
    if (!sends) return decision;
    const workspace = await em.findOneOrFail(Workspace, c.workspace);
    const limit = workspace.settings.autoReplyLimitPerHour ?? DEFAULT_AUTO_REPLY_LIMIT_PER_HOUR;
    const [row] = await em.getConnection().execute<{ n: string }[]>(
      `select count(*) as n from message m join conversation mc on mc.id = m.conversation_id
        where m.workspace_id = ? and mc.contact_id = ? and m.author_kind = 'ai' and m.direction = 'outbound' and m.created_at > now() - interval '1 hour'`,
      [c.workspace, c.contact],
      'all',
      em.getTransactionContext(),
    );
    if (Number(row?.n ?? 0) < limit) return decision;
    const why = `draft: the assistant already sent ${limit} replies to this contact in the last hour (autoReplyLimitPerHour)`;
    if (decision.kind === 'reply') return { ...decision, delivery: 'draft', reason: why };
    return decision.kind === 'silent' || !decision.reply
      ? decision
      : { ...decision, reply: { ...decision.reply, delivery: 'draft' }, reason: `${decision.reason}; ${why}` };
  }

  /**
   * The provider's intent, on the inbound messages it read (one call classifies the turn's messages
   * together), each announced as the message list returns it. Not a failure's stand-in report.
   */
  private async classify(em: EntityManager, snapshot: PendingMessage[], intent: string): Promise<void> {
    const ids = snapshot.map((m) => m.id);
    const messages = await em.find(Message, { id: { $in: ids } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    const attachments = groupBy(await em.find(Attachment, { message: { $in: ids } }), (a) => a.message);
    for (const m of messages) {
      if (m.intent === intent) continue;
      m.intent = intent;
      this.outbox.event(em, m.workspace, 'message.updated', toMessageView(m, attachments.get(m.id) ?? []));
    }
  }

  /** Carries the decision out in the transaction; a reply the channel refuses escalates instead. */
  private async apply(
    em: EntityManager,
    c: Conversation,
    decision: Decision,
    report: AssistantReport | null,
  ): Promise<{ label: string; reason: string; messageId?: string; draftId?: string }> {
    if (decision.kind === 'silent') return { label: 'silent', reason: decision.reason };
    const risk = report?.risk.level ?? 'low';
    const intent = report?.intent.name ?? null;
    let out: { messageId?: string; draftId?: string } = {};
    const reply = decision.kind === 'reply' ? { delivery: decision.delivery, text: decision.reply } : decision.reply;
    if (reply) {
      try {
        out = await this.reply(em, c, reply.delivery, reply.text, { intent, risk, reason: decision.reason });
      } catch (err) {
        if (!(err instanceof HttpException) || decision.kind === 'escalate') throw err;
        const reason = `The assistant's reply could not be sent: ${err.message}`;
        await this.conversations.applyEscalation(em, c, ASSISTANT, reason);
        return { label: 'escalate', reason: `escalate: ${reason}` };
      }
    }
    for (const action of report?.actions ?? []) {
      if (action.type === 'book' && action.jobType?.trim()) {
        await this.bookings.create(em, c, { externalId: action.externalId?.trim() || bookingId(), jobType: action.jobType.trim() }, ASSISTANT);
      }
    }
    if (decision.kind === 'escalate') {
      // After the courtesy reply, which does not answer the customer: the escalation marks a human reply owed.
      await this.conversations.applyEscalation(em, c, ASSISTANT, decision.escalationReason);
      return { label: 'escalate', reason: decision.reason, ...out };
    }
    if (decision.kind === 'resolve') {
      this.conversations.applyResolution(em, c, ASSISTANT);
      return { label: 'resolve', reason: decision.reason, ...out };
    }
    return { label: reply?.delivery ?? 'silent', reason: decision.reason, ...out };
  }

  private async reply(
    em: EntityManager,
    c: Conversation,
    delivery: Delivery,
    text: string,
    meta: { intent: string | null; risk: AssistantReport['risk']['level']; reason: string },
  ): Promise<{ messageId?: string; draftId?: string }> {
    if (delivery === 'draft') return { draftId: this.drafts.hold(em, c, { body: text, ...meta }).id };
    const account = await em.findOneOrFail(ChannelAccount, c.channelAccount);
    const message = await this.outbound.queue(em, c, account, { body: text }, ASSISTANT);
    await this.scheduleFollowUp(em, c, message.id);
    return { messageId: message.id };
  }

  /** Off unless the workspace sets `followUpHours`; the job checks at run time whether the customer answered. */
  private async scheduleFollowUp(em: EntityManager, c: Conversation, messageId: string): Promise<void> {
    const workspace = await em.findOneOrFail(Workspace, c.workspace, { fields: ['settings'] });
    const hours = workspace.settings.followUpHours;
    if (!hours || hours <= 0) return;
    this.outbox.job(
      em,
      QUEUES.assistant,
      'follow-up',
      { conversationId: c.id, workspaceId: c.workspace, messageId },
      { deliverAfter: new Date(Date.now() + hours * 3_600_000) },
    );
  }
}

/** What the turn acts on when the provider cannot answer: a human, never a guess. */
function failure(cause: string): AssistantReport {
  return {
    intent: { name: 'other', confidence: 0 },
    risk: { level: 'high', reasons: ['the AI provider failed'] },
    escalate: { reason: `The AI provider failed: ${cause.slice(0, 200)}` },
  };
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function bookingId(): string {
  let id = 'BK-';
  for (let i = 0; i < 8; i++) id += BOOKING_ID_ALPHABET[Math.floor(Math.random() * BOOKING_ID_ALPHABET.length)];
  return id;
}

import { ConflictException, Injectable } from '@nestjs/common';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import type { DraftView, Page, RiskLevel } from '@parley/contracts';
import type { Principal } from '../auth/principal';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { Conversation } from '../conversation/conversation.entity';
import { threadOrder, toPage } from '../common/cursor';
import { OutboundMessageService } from '../message/outbound-message.service';
import { OutboxService } from '../outbox/outbox.service';
import { TimelineService } from '../timeline/timeline.service';
import { markReadInTransaction } from '../conversation/read-marker';
import { ASSISTANT, actorOf } from '../timeline/actor';
import { Draft } from './draft.entity';
import { toDraftView } from './draft.view';
import type { DraftQueryDto } from './draft.dto';

export interface DraftInput {
  body: string;
  intent: string | null;
  risk: RiskLevel;
  reason: string;
}

/** AI replies held for a human: created by assistant turns, approved (exactly once) or rejected by operators. */
@Injectable()
export class DraftService {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxService,
    private readonly timeline: TimelineService,
    private readonly outbound: OutboundMessageService,
  ) {}

  /** In the caller's transaction, with `conversation` locked. */
  hold(em: EntityManager, conversation: Conversation, input: DraftInput): Draft {
    const draft = new Draft();
    Object.assign(draft, { workspace: conversation.workspace, conversation: conversation.id, ...input });
    em.persist(draft);
    conversation.pendingDrafts += 1;
    this.timeline.record(em, conversation, 'draft.created', ASSISTANT, { draftId: draft.id, risk: input.risk, reason: input.reason });
    this.outbox.event(em, conversation.workspace, 'draft.created', toDraftView(draft));
    return draft;
  }

  async list(query: DraftQueryDto): Promise<Page<DraftView>> {
    const { where, orderBy } = threadOrder(query.cursor, query.order ?? 'desc');
    const rows = await this.em.find(
      Draft,
      {
        ...(query.status ? { status: query.status } : {}),
        ...(query.conversationId ? { conversation: query.conversationId } : {}),
        ...where,
      },
      { orderBy, limit: query.limit + 1 },
    );
    return toPage(rows, query.limit, (d) => [d.createdAt, d.id], toDraftView);
  }

  /**
   * Sends the draft, or the operator's edit of it: an edit is the approver's message (they wrote what was
   * sent), still marked AI-generated (the assistant drafted it). A second approval, or one after a
   * rejection, is a 409. The answer carries the text sent (`sentBody`).
   */
  async approve(p: Principal, id: string, editedBody?: string): Promise<DraftView> {
    return this.decide(p, id, async (em, draft, conversation) => {
      const body = editedBody?.trim() || draft.body;
      const edited = body !== draft.body;
      const account = await em.findOneOrFail(ChannelAccount, conversation.channelAccount);
      draft.status = 'approved';
      const message = await this.outbound.queue(em, conversation, account, { body }, edited ? actorOf(p) : ASSISTANT, { aiGenerated: true });
      draft.messageId = message.id;
      draft.sentBody = body;
      // Approving is replying: the approver has read what they answered.
      if (p.kind === 'user') await markReadInTransaction(em, this.outbox, p.id, conversation);
      this.timeline.record(em, conversation, 'draft.approved', actorOf(p), {
        draftId: draft.id,
        messageId: message.id,
        edited,
        ...(edited ? { originalBody: draft.body, sentBody: body } : {}),
      });
    });
  }

  async reject(p: Principal, id: string, reason?: string): Promise<DraftView> {
    return this.decide(p, id, (em, draft, conversation) => {
      draft.status = 'rejected';
      draft.decisionNote = reason?.trim() || null;
      this.timeline.record(em, conversation, 'draft.rejected', actorOf(p), {
        draftId: draft.id,
        ...(draft.decisionNote ? { reason: draft.decisionNote } : {}),
      });
    });
  }

  /** The draft row is locked first, so of two concurrent decisions the second sees the first's outcome. */
  private async decide(
    p: Principal,
    id: string,
    apply: (em: EntityManager, draft: Draft, conversation: Conversation) => Promise<void> | void,
  ): Promise<DraftView> {
    const draft = await this.em.transactional(async (em) => {
      const d = await em.findOneOrFail(Draft, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (d.status !== 'pending') throw new ConflictException(`Draft is already ${d.status}`);
      const conversation = await em.findOneOrFail(Conversation, d.conversation, { lockMode: LockMode.PESSIMISTIC_WRITE });
      conversation.pendingDrafts = Math.max(0, conversation.pendingDrafts - 1);
      d.decidedBy = p.kind === 'user' ? p.id : null;
      d.decidedAt = new Date();
      await apply(em, d, conversation);
      this.outbox.event(em, conversation.workspace, 'draft.updated', toDraftView(d));
      this.outbox.event(em, conversation.workspace, 'conversation.updated', { id: conversation.id });
      return d;
    });
    return toDraftView(draft);
  }
}

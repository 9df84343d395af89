import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import type { ConversationView } from '@parley/contracts';
import type { Principal } from '../auth/principal';
import { User } from '../auth/user.entity';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { Contact } from '../contact/contact.entity';
import { ContactService } from '../contact/contact.service';
import { OutboxService } from '../outbox/outbox.service';
import { FileDeletionService } from '../attachment/file-deletion.service';
import { TimelineService } from '../timeline/timeline.service';
import { actorOf, type Actor } from '../timeline/actor';
import { OutboundMessageService } from '../message/outbound-message.service';
import { Message } from '../message/message.entity';
import { toMessageView } from '../message/message.view';
import { markReadInTransaction } from './read-marker';
import { Conversation } from './conversation.entity';
import { DEFAULT_ESCALATION_SLA_MINUTES, Workspace } from '../workspace/workspace.entity';
import { QUEUES } from '../outbox/queues';
import { ConversationListQuery } from './conversation-list.query';
import { referenceOf } from './conversation-reference';
import { PluginRegistry } from '../plugin-host/plugin-registry';
import { messagingWindowClosesAt } from '../message/messaging-window';
import { effectiveAssistantState } from './conversation.view';
import type { AssistantStateDto, CreateConversationDto } from './conversation.dto';

type Mutation = (c: Conversation, em: EntityManager, actor: Actor) => Promise<void | false> | void | false;

@Injectable()
export class ConversationService {
  private readonly logger = new Logger(ConversationService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxService,
    private readonly timeline: TimelineService,
    private readonly outbound: OutboundMessageService,
    private readonly contacts: ContactService,
    private readonly list: ConversationListQuery,
    private readonly files: FileDeletionService,
    private readonly plugins: PluginRegistry,
  ) {}

  async view(principal: Principal, id: string): Promise<ConversationView> {
    const card = await this.list.detail(principal, id);
    if (!card) throw new NotFoundException('Not found');
    const hours = this.plugins.findChannel(card.channelAccount.plugin)?.capabilities.messagingWindowHours;
    const closesAt = hours ? await messagingWindowClosesAt(this.em, card.contact.id, card.channelAccountId, hours) : null;
    return {
      ...card,
      reference: referenceOf(card.id),
      messagingWindow: hours ? { hours, open: !!closesAt && closesAt.getTime() >= Date.now(), closesAt: closesAt?.toISOString() ?? null } : null,
    };
  }

  /** Locks the row, applies the change, records it; a mutation returning false changed nothing. */
  async mutate(principal: Principal, id: string, mutation: Mutation): Promise<void> {
    const actor = actorOf(principal);
    await this.em.transactional(async (em) => {
      const c = await em.findOneOrFail(Conversation, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if ((await mutation(c, em, actor)) === false) return;
      this.outbox.event(em, c.workspace, 'conversation.updated', { id: c.id });
    });
  }

  resolve = (p: Principal, id: string) =>
    this.mutate(p, id, (c, em, actor) => {
      if (c.status === 'resolved') return false;
      this.assertNotOptedOut(c);
      this.applyResolution(em, c, actor);
    });

  /** An operator's or the assistant's; the escalation it settles stays on the timeline only. */
  applyResolution(em: EntityManager, c: Conversation, actor: Actor): void {
    this.setStatus(em, c, 'resolved', actor);
    c.resolvedAt = new Date();
    c.escalationReason = null;
  }

  reopen = (p: Principal, id: string) =>
    this.mutate(p, id, (c, em, actor) => {
      if (c.status !== 'resolved') throw new ConflictException(`Only a resolved conversation can be reopened (it is ${c.status})`);
      this.setStatus(em, c, 'ai_handling', actor);
      c.resolvedAt = null;
      c.escalationReason = null;
      this.timeline.record(em, c, 'reopened', actor);
    });

  escalate = (p: Principal, id: string, reason: string) =>
    this.mutate(p, id, (c, em, actor) => {
      this.assertNotOptedOut(c);
      return this.applyEscalation(em, c, actor, reason);
    });

  /**
   * Hands the conversation to humans with a reason (an operator's escalation or the assistant's), and
   * schedules the SLA check that flags it if nobody has answered within the workspace's target. A human
   * owes the customer a reply from now on, whoever answered last: it requires action until one is sent.
   */
  async applyEscalation(em: EntityManager, c: Conversation, actor: Actor, reason: string): Promise<void> {
    this.setStatus(em, c, 'human_handling', actor);
    c.escalationReason = reason;
    c.escalatedAt = new Date();
    c.replyState = 'awaiting_reply';
    this.timeline.record(em, c, 'escalated', actor, { reason });
    const workspace = await em.findOneOrFail(Workspace, c.workspace, { fields: ['settings'] });
    const minutes = workspace.settings.escalationSlaMinutes ?? DEFAULT_ESCALATION_SLA_MINUTES;
    const due = new Date(c.escalatedAt.getTime() + minutes * 60_000);
    this.outbox.job(
      em,
      QUEUES.assistant,
      'sla-check',
      { conversationId: c.id, workspaceId: c.workspace, escalatedAt: c.escalatedAt.toISOString() },
      { deliverAfter: due },
    );
  }

  /** `assigneeId` is a user id or `me` (the caller; API keys have no "me"). */
  assign = (p: Principal, id: string, assigneeId: string) =>
    this.mutate(p, id, async (c, em, actor) => {
      if (assigneeId === 'me' && p.kind !== 'user') {
        throw new BadRequestException({
          message: 'assigneeId "me" needs a signed-in user, not an API key',
          details: [{ field: 'assigneeId', errors: ['me is not available to API keys'] }],
        });
      }
      const assignee = await em.findOne(User, assigneeId === 'me' ? p.id : assigneeId);
      if (!assignee) throw new NotFoundException('Assignee not found');
      if (c.assignee === assignee.id) return false;
      const previous = c.assignee;
      c.assignee = assignee.id;
      // Assigning a person hands the conversation to humans (the seeds' "Assigned" = Human Handling).
      if (c.status === 'ai_handling') this.setStatus(em, c, 'human_handling', actor);
      this.timeline.record(em, c, 'assigned', actor, { assigneeId: assignee.id, assigneeName: assignee.name, previousAssigneeId: previous });
    });

  unassign = (p: Principal, id: string) =>
    this.mutate(p, id, (c, em, actor) => {
      if (!c.assignee) return false;
      this.timeline.record(em, c, 'unassigned', actor, { previousAssigneeId: c.assignee });
      c.assignee = null;
    });

  archive = (p: Principal, id: string, archived: boolean) =>
    this.mutate(p, id, (c, em, actor) => {
      if (c.archived === archived) return false;
      c.archived = archived;
      this.timeline.record(em, c, archived ? 'archived' : 'unarchived', actor);
    });

  /**
   * `paused` / `blocked` set the operator's switch (it outlasts escalations and reopenings). `active` makes
   * the assistant answer again: it clears that switch and hands a human-handled conversation back
   * (status `ai_handling`, escalation reason cleared; the timeline keeps it), so the next inbound message
   * gets a turn. What the contact decided (opt-out, AI pause) or an admin's block of the contact is not
   * the conversation's to override: 409.
   */
  setAssistant = (p: Principal, id: string, dto: AssistantStateDto) =>
    this.mutate(p, id, async (c, em, actor) => {
      const contact = await em.findOneOrFail(Contact, c.contact);
      const from = effectiveAssistantState(c, contactState(c, contact));
      if (dto.state !== 'active') {
        if (c.assistantState === dto.state) return false;
        // The switch's own change (an escalated conversation already reports `paused`).
        this.timeline.record(em, c, 'assistant.changed', actor, { from: c.assistantState, to: dto.state });
        c.assistantState = dto.state;
        return;
      }
      if (from === 'active') return false;
      if (c.status === 'opted_out' || contactState(c, contact).optedOut) throw new ConflictException('The contact opted out; the assistant cannot answer them');
      if (contact.blocked) throw new ConflictException('The contact is blocked; the assistant cannot answer them');
      if (contact.aiPaused) throw new ConflictException('AI is paused for this contact: resume it on the contact (POST /contacts/:id/ai-resume)');
      const handBack = c.status === 'human_handling';
      this.timeline.record(em, c, 'assistant.changed', actor, {
        from,
        to: 'active',
        ...(handBack ? { handedBack: true, escalationReason: c.escalationReason } : {}),
      });
      c.assistantState = 'active';
      if (handBack) {
        this.setStatus(em, c, 'ai_handling', actor);
        c.escalationReason = null;
      }
    });

  /** Read state is per user; it changes no shared state, so it writes no timeline entry. */
  async markRead(p: Principal, id: string, read: boolean): Promise<void> {
    const c = await this.em.findOneOrFail(Conversation, id, { fields: ['id', 'workspace'] });
    if (p.kind !== 'user') throw new UnprocessableEntityException('Read markers belong to users; API keys have none');
    await this.em.getConnection().execute(
      `insert into read_marker (user_id, conversation_id, workspace_id, read_at, marked_unread) values (?, ?, ?, ${read ? 'now()' : 'null'}, ?)
       on conflict (user_id, conversation_id) do update set read_at = excluded.read_at, marked_unread = excluded.marked_unread`,
      [p.id, c.id, c.workspace, !read],
    );
    await this.em.transactional(async (em) => {
      this.outbox.event(em, c.workspace, 'conversation.updated', { id: c.id });
    });
  }

  /**
   * In the caller's transaction: the user who just replied has read the conversation (an inbound
   * arriving after this transaction began still makes it unread).
   */
  async markReadIn(em: EntityManager, userId: string, c: Pick<Conversation, 'id' | 'workspace'>): Promise<void> {
    await markReadInTransaction(em, this.outbox, userId, c);
  }

  async remove(p: Principal, id: string): Promise<void> {
    await this.em.transactional(async (em) => {
      const c = await em.findOneOrFail(Conversation, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      // Messages, notes, timeline, drafts, bookings, read markers and attachment rows go by cascade; a
      // trigger on attachment records each file in file_deletion within this transaction.
      await em.nativeDelete(Conversation, { id: c.id });
      this.outbox.event(em, c.workspace, 'conversation.deleted', { id: c.id });
    });
    // The bytes go once the rows are gone for good; a failure (or a crash before this) leaves the
    // file_deletion rows to the sweep, and the delete itself has happened either way.
    await this.files.purge(p.workspaceId).catch((err: Error) => this.logger.warn(`files of conversation ${id} left to the sweep: ${err.message}`));
  }

  /** A new outbound conversation started by an operator (API.md `POST /conversations`). */
  async start(p: Principal, dto: CreateConversationDto): Promise<{ conversation: ConversationView; message: ReturnType<typeof toMessageView> | null }> {
    const actor = actorOf(p);
    const { conversationId, message } = await this.em.transactional(async (em) => {
      const account = await em.findOne(ChannelAccount, dto.channelAccountId);
      if (!account) throw new NotFoundException('Channel account not found');
      const contact = await this.contacts.findOrCreateForOutbound(em, p.workspaceId, account.channel, dto.contact);
      const c = new Conversation();
      Object.assign(c, {
        workspace: p.workspaceId,
        contact: contact.id,
        channelAccount: account.id,
        channel: account.channel,
        status: 'human_handling',
        assignee: p.kind === 'user' ? p.id : null,
        replyState: 'new',
        lastMessagePreview: null,
      });
      em.persist(c);
      this.timeline.record(em, c, 'conversation.created', actor, { direction: 'outbound', channelAccountId: account.id });
      this.outbox.event(em, c.workspace, 'conversation.created', { id: c.id });
      const hasContent = dto.body || dto.html || dto.templateId;
      const msg: Message | null = hasContent ? await this.outbound.queue(em, c, account, dto, actor) : null;
      return { conversationId: c.id, message: msg };
    });
    return { conversation: await this.view(p, conversationId), message: message ? toMessageView(message) : null };
  }

  setStatus(em: EntityManager, c: Conversation, to: Conversation['status'], actor: Actor): void {
    if (c.status === to) return;
    this.timeline.record(em, c, 'status.changed', actor, { from: c.status, to });
    c.status = to;
    // An SLA flag belongs to one escalation: it ends when the conversation leaves human hands.
    if (to !== 'human_handling') c.priority = 0;
  }

  private assertNotOptedOut(c: Conversation): void {
    if (c.status === 'opted_out') throw new ConflictException('The contact opted out; this conversation cannot change status');
  }
}

/** What the contact side contributes to the conversation's assistant state. */
const contactState = (c: Pick<Conversation, 'channel'>, contact: Contact) => ({
  aiPaused: contact.aiPaused,
  blocked: contact.blocked,
  optedOut: contact.optedOutChannels.includes(c.channel),
});

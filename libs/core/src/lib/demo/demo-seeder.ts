import { Injectable, Logger } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Workspace } from '../workspace/workspace.entity';
import { User } from '../auth/user.entity';
import { PasswordService } from '../auth/password.service';
import { AutonomyPolicy } from '../autonomy/autonomy-policy.entity';
import { Draft } from '../autonomy/draft.entity';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { ChannelAccountService } from '../channel-account/channel-account.service';
import { Contact } from '../contact/contact.entity';
import { ContactIdentity } from '../contact/contact-identity.entity';
import { Conversation } from '../conversation/conversation.entity';
import { Message } from '../message/message.entity';
import { previewOf } from '../message/message.view';
import { Note } from '../note/note.entity';
import { Booking } from '../booking/booking.entity';
import { Campaign } from '../campaign/campaign.entity';
import { Template } from '../template/template.entity';
import { KnowledgeArticle } from '../knowledge/knowledge-article.entity';
import { TimelineEvent } from '../timeline/timeline-event.entity';
import { scopeToWorkspace } from '../database/workspace-filter';
import { DEMO_ACCOUNTS, DEMO_ADMIN_EMAIL, DEMO_ARTICLES, DEMO_CONVERSATIONS, DEMO_PASSWORD, DEMO_USERS, type DemoConversation } from './demo-data';

export interface SeedResult {
  created: boolean;
  workspaceId: string;
  login: { email: string; password: string };
}

/** Seeds the demo workspace once; a second run finds it and changes nothing. */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('DemoSeeder');

  constructor(
    private readonly orm: MikroORM,
    private readonly passwords: PasswordService,
    private readonly accounts: ChannelAccountService,
  ) {}

  async seed(progress: (step: string, done: number, total: number) => void = () => undefined): Promise<SeedResult> {
    const em = this.orm.em.fork();
    const login = { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD };
    const existing = await em.findOne(User, { email: DEMO_ADMIN_EMAIL }, { filters: false });
    if (existing) return { created: false, workspaceId: existing.workspace, login };

    const total = 4 + DEMO_CONVERSATIONS.length;
    let done = 0;
    const step = (name: string) => progress(name, ++done, total);
    const workspaceId = await em.transactional(async (tx) => {
      const ws = new Workspace();
      Object.assign(ws, {
        name: 'Acme Home Services',
        timezone: 'America/New_York',
        settings: { escalationSlaMinutes: 15, bookingUrlTemplate: 'https://crm.acme.test/jobs/{externalId}' },
      });
      tx.persist(ws);
      scopeToWorkspace(tx, ws.id);
      const policy = new AutonomyPolicy();
      policy.workspace = ws.id;
      tx.persist(policy);

      const hash = await this.passwords.hash(DEMO_PASSWORD);
      const users = new Map<string, User>();
      for (const u of DEMO_USERS) {
        const user = new User();
        Object.assign(user, { workspace: ws.id, ...u, passwordHash: hash });
        users.set(u.email, user);
        tx.persist(user);
      }
      step('users');

      const accounts = new Map<string, ChannelAccount>();
      for (const a of DEMO_ACCOUNTS) {
        try {
          accounts.set(a.key, await this.accounts.create(ws.id, { plugin: a.plugin, name: a.name, config: a.config }, tx));
        } catch (err) {
          this.logger.warn(`demo channel "${a.name}" skipped: ${(err as Error).message}`);
        }
      }
      step('channels');

      for (const a of DEMO_ARTICLES) tx.persist(Object.assign(new KnowledgeArticle(), { workspace: ws.id, ...a }));
      const whatsapp = accounts.get('whatsapp');
      if (whatsapp) {
        tx.persist(
          Object.assign(new Template(), {
            workspace: ws.id,
            channelAccount: whatsapp.id,
            name: 'appointment_reminder',
            language: 'en',
            body: 'Hi {{1}}, this is Acme reminding you of your visit on {{2}}.',
          }),
        );
      }
      const sms = accounts.get('sms');
      const campaign = sms ? Object.assign(new Campaign(), { workspace: ws.id, name: 'Spring AC tune-up', channelAccount: sms.id, status: 'completed' }) : null;
      if (campaign) tx.persist(campaign);
      step('knowledge base');

      for (const demo of DEMO_CONVERSATIONS) {
        const account = accounts.get(demo.channel);
        if (account) this.conversation(tx, ws.id, account, demo, users, campaign);
        step(`conversation with ${demo.contact.name}`);
      }
      return ws.id;
    });
    // Committed now: listeners (the demo mailbox on the SMTP server) may read the accounts.
    await this.accounts.announceCreated(workspaceId);
    return { created: true, workspaceId, login };
  }

  private conversation(
    em: EntityManager,
    workspace: string,
    account: ChannelAccount,
    demo: DemoConversation,
    users: Map<string, User>,
    campaign: Campaign | null,
  ): void {
    const at = (minutesBefore: number) => new Date(Date.now() - demo.hoursAgo * 3600_000 - minutesBefore * 60_000);
    const contact = Object.assign(new Contact(), {
      workspace,
      name: demo.contact.name,
      phone: demo.contact.phone ?? null,
      email: demo.contact.email ?? null,
      company: demo.contact.company ?? null,
      metadata: demo.contact.metadata ?? {},
    });
    if (demo.status === 'opted_out') contact.optedOutChannels = [demo.channel];
    const address = demo.channel === 'email' ? demo.contact.email : demo.channel === 'webchat' ? `visitor-${contact.id.slice(-8)}` : demo.contact.phone;
    em.persist([contact, Object.assign(new ContactIdentity(), { workspace, contact: contact.id, channel: demo.channel, address })]);

    const assignee = demo.assignee ? users.get(demo.assignee) : undefined;
    const c = Object.assign(new Conversation(), {
      workspace,
      contact: contact.id,
      channelAccount: account.id,
      channel: demo.channel,
      status: demo.status,
      assignee: assignee?.id ?? null,
      escalationReason: demo.escalationReason ?? null,
      escalatedAt: demo.escalationReason ? at(1) : null,
      campaign: demo.campaign ? (campaign?.id ?? null) : null,
      archived: demo.archived ?? false,
      createdAt: at(demo.lines.length * 3 + 1),
      resolvedAt: demo.status === 'resolved' ? at(0) : null,
      pendingDrafts: demo.draft ? 1 : 0,
    });
    em.persist(c);
    const event = (type: string, minutesBefore: number, actor: Partial<TimelineEvent>, data: Record<string, unknown> = {}) =>
      em.persist(
        Object.assign(new TimelineEvent(), { workspace, conversation: c.id, type, actorKind: 'system', createdAt: at(minutesBefore), data, ...actor }),
      );
    event('conversation.created', demo.lines.length * 3 + 1, {}, { channelAccountId: account.id });

    let last: Message | undefined;
    demo.lines.forEach(([who, text], i) => {
      const minutesBefore = (demo.lines.length - 1 - i) * 3;
      const inbound = who === 'contact';
      const operator = who === 'operator' ? assignee : undefined;
      const m = Object.assign(new Message(), {
        workspace,
        conversation: c.id,
        channelAccount: account.id,
        direction: inbound ? 'inbound' : 'outbound',
        authorKind: who,
        authorId: operator?.id ?? null,
        authorName: inbound ? demo.contact.name : who === 'ai' ? 'Assistant' : (operator?.name ?? null),
        body: text,
        subject: demo.channel === 'email' && i === 0 ? 'Question for Acme' : null,
        deliveryStatus: inbound ? 'received' : 'delivered',
        providerMessageId: `demo-${c.id}-${i}`,
        aiGenerated: who === 'ai',
        createdAt: at(minutesBefore),
      });
      em.persist(m);
      event(
        inbound ? 'message.received' : 'message.sent',
        minutesBefore,
        inbound ? { actorKind: 'contact', actorName: demo.contact.name } : { actorKind: who, actorName: m.authorName },
        { messageId: m.id },
      );
      if (inbound) c.lastInboundAt = m.createdAt;
      last = m;
    });
    // A snapshot of finished work: the assistant has seen every seeded message (its drafts are seeded
    // too), so the reconciler finds no turn owed and nothing is sent on the demo's behalf.
    c.assistantCursorAt = c.lastInboundAt ?? null;
    if (last) {
      c.lastActivityAt = last.createdAt;
      c.lastMessagePreview = previewOf(last);
      c.replyState = last.direction === 'inbound' ? 'awaiting_reply' : 'replied';
    }
    if (demo.escalationReason) event('escalated', 1, { actorKind: 'ai', actorName: 'Assistant' }, { reason: demo.escalationReason });
    if (assignee) event('assigned', 0.5, { actorKind: 'system' }, { assigneeId: assignee.id, assigneeName: assignee.name });
    if (demo.status === 'resolved') event('status.changed', 0, { actorKind: 'ai', actorName: 'Assistant' }, { from: 'ai_handling', to: 'resolved' });
    if (demo.status === 'opted_out') event('status.changed', 0, { actorKind: 'contact' }, { from: 'ai_handling', to: 'opted_out' });
    if (demo.note) {
      const author = assignee ?? users.values().next().value;
      em.persist(Object.assign(new Note(), { workspace, conversation: c.id, author: author?.id ?? null, body: demo.note, createdAt: at(0) }));
      event('note.added', 0, { actorKind: 'operator', actorId: author?.id, actorName: author?.name });
    }
    if (demo.booking) {
      const b = Object.assign(new Booking(), {
        workspace,
        conversation: c.id,
        ...demo.booking,
        url: `https://crm.acme.test/jobs/${demo.booking.externalId}`,
        createdAt: at(1),
      });
      em.persist(b);
      event('booking.created', 1, { actorKind: 'ai', actorName: 'Assistant' }, { bookingId: b.id, externalId: b.externalId, jobType: b.jobType });
    }
    if (demo.draft) {
      const d = Object.assign(new Draft(), { workspace, conversation: c.id, ...demo.draft, createdAt: at(0) });
      em.persist(d);
      event('ai.decision', 0, { actorKind: 'ai', actorName: 'Assistant' }, { decision: 'draft', reason: demo.draft.reason, draftId: d.id });
    }
    if (demo.archived) event('archived', 0, { actorKind: 'system' });
  }
}

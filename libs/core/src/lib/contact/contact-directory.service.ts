import { BadRequestException, Injectable } from '@nestjs/common';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import type { ContactDetail, ContactView, Page } from '@parley/contracts';
import { decodeCursor, toPage } from '../common/cursor';
import { groupBy } from '../common/group-by';
import { Conversation } from '../conversation/conversation.entity';
import { OutboxService } from '../outbox/outbox.service';
import { TimelineService } from '../timeline/timeline.service';
import type { Actor } from '../timeline/actor';
import { Contact } from './contact.entity';
import { ContactIdentity } from './contact-identity.entity';
import { normalizePhone, toContactView } from './contact.service';
import type { ContactListQueryDto, UpdateContactDto } from './contact.dto';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** What operators do with contacts: find, read, edit, pause the assistant for, and merge them. */
@Injectable()
export class ContactDirectory {
  constructor(
    private readonly em: EntityManager,
    private readonly timeline: TimelineService,
    private readonly outbox: OutboxService,
  ) {}

  /** Newest first; `q` uses the trigram index over name, email and phone (also as bare digits). */
  async list(workspaceId: string, query: ContactListQueryDto): Promise<Page<ContactView>> {
    const where: string[] = ['workspace_id = ?'];
    const params: unknown[] = [workspaceId];
    const q = query.q?.trim().toLowerCase();
    if (q) {
      const digits = q.replace(/\D/g, '');
      // The search text is folded (lower case, no accents): the pattern is folded the same way.
      where.push(digits.length >= 3 && digits !== q ? '(search_text like parley_fold(?) or search_text like ?)' : 'search_text like parley_fold(?)');
      params.push(`%${escapeLike(q)}%`, ...(digits.length >= 3 && digits !== q ? [`%${digits}%`] : []));
    }
    const keyset = decodeCursor(query.cursor);
    if (keyset) {
      where.push('(created_at, id) < (?, ?)');
      params.push(keyset.at, keyset.id);
    }
    const ids: { id: string }[] = await this.em
      .getConnection()
      .execute(`select id from contact where ${where.join(' and ')} order by created_at desc, id desc limit ?`, [...params, query.limit + 1]);
    const contacts = await this.em.find(Contact, { id: { $in: ids.map((r) => r.id) } }, { orderBy: { createdAt: 'desc', id: 'desc' } });
    const identities = await this.identities(contacts.slice(0, query.limit).map((c) => c.id));
    return toPage(
      contacts,
      query.limit,
      (c) => [c.createdAt, c.id],
      (c) => toContactView(c, identities.get(c.id) ?? []),
    );
  }

  async detail(id: string): Promise<ContactDetail> {
    const contact = await this.em.findOneOrFail(Contact, id);
    const [identities, conversations] = await Promise.all([
      this.identities([id]),
      this.em.find(Conversation, { contact: id }, { orderBy: { lastActivityAt: 'desc' }, limit: 50 }),
    ]);
    return {
      ...toContactView(contact, identities.get(id) ?? []),
      previousConversations: conversations.map((c) => ({
        id: c.id,
        status: c.status,
        channel: c.channel,
        lastMessagePreview: c.lastMessagePreview,
        lastActivityAt: c.lastActivityAt.toISOString(),
      })),
    };
  }

  async update(id: string, dto: UpdateContactDto): Promise<ContactView> {
    const contact = await this.em.findOneOrFail(Contact, id);
    Object.assign(contact, { ...dto, ...(dto.phone ? { phone: normalizePhone(dto.phone) } : {}), ...(dto.email ? { email: dto.email.toLowerCase() } : {}) });
    await this.em.flush();
    return this.view(contact);
  }

  /** Recorded on each of the contact's open conversations, where operators will look for it. */
  async setAiPaused(id: string, paused: boolean, reason: string | null, actor: Actor): Promise<ContactView> {
    const contact = await this.em.transactional(async (em) => {
      const c = await em.findOneOrFail(Contact, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (c.aiPaused === paused && c.aiPauseReason === reason) return c;
      c.aiPaused = paused;
      c.aiPauseReason = reason;
      const open = await em.find(Conversation, { contact: id, status: { $in: ['ai_handling', 'human_handling'] } });
      for (const conv of open) {
        this.timeline.record(em, conv, paused ? 'contact.ai_paused' : 'contact.ai_resumed', actor, reason ? { reason } : {});
        this.outbox.event(em, conv.workspace, 'conversation.updated', { id: conv.id });
      }
      return c;
    });
    return this.view(contact);
  }

  /**
   * `otherId`'s identities and conversations move to `id`, and `otherId` is gone. Empty fields are filled
   * from the other contact, metadata is combined (this contact's values win), opt-outs add up (no channel
   * reopens by a merge), and the assistant stays paused if either had it paused. Both rows are locked, in
   * id order, so concurrent merges of the same pair cannot deadlock or lose a side.
   */
  async merge(id: string, otherId: string, actor: Actor): Promise<ContactDetail> {
    if (id === otherId) throw new BadRequestException('contactId: a contact cannot be merged into itself');
    await this.em.transactional(async (em) => {
      const [first, second] = [id, otherId].sort();
      const locked = new Map<string, Contact>();
      for (const key of [first, second]) locked.set(key, await em.findOneOrFail(Contact, key, { lockMode: LockMode.PESSIMISTIC_WRITE }));
      const keep = locked.get(id) as Contact;
      const gone = locked.get(otherId) as Contact;
      keep.name ??= gone.name;
      keep.email ??= gone.email;
      keep.phone ??= gone.phone;
      keep.company ??= gone.company;
      keep.externalId ??= gone.externalId;
      keep.metadata = { ...gone.metadata, ...keep.metadata };
      keep.optedOutChannels = [...new Set([...keep.optedOutChannels, ...gone.optedOutChannels])];
      if (!keep.aiPaused && gone.aiPaused) Object.assign(keep, { aiPaused: true, aiPauseReason: gone.aiPauseReason });
      keep.blocked ||= gone.blocked;
      const moved = await em.find(Conversation, { contact: otherId });
      await em.nativeUpdate(ContactIdentity, { contact: otherId }, { contact: id });
      await em.nativeUpdate(Conversation, { contact: otherId }, { contact: id });
      for (const conversation of moved) {
        this.timeline.record(em, conversation, 'contact.merged', actor, { fromContactId: otherId, fromName: gone.name, intoContactId: id });
        this.outbox.event(em, conversation.workspace, 'conversation.updated', { id: conversation.id });
      }
      await em.flush();
      await em.nativeDelete(Contact, { id: otherId });
    });
    this.em.clear();
    return this.detail(id);
  }

  private async view(contact: Contact): Promise<ContactView> {
    return toContactView(contact, (await this.identities([contact.id])).get(contact.id) ?? []);
  }

  private async identities(contactIds: string[]): Promise<Map<string, ContactIdentity[]>> {
    if (!contactIds.length) return new Map();
    return groupBy(await this.em.find(ContactIdentity, { contact: { $in: contactIds } }), (i) => i.contact);
  }
}

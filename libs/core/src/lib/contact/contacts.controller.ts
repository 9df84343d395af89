import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ContactDetail, ContactView, Page } from '@parley/contracts';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { decodeCursor, toPage } from '../common/cursor';
import { groupBy } from '../common/group-by';
import { Conversation } from '../conversation/conversation.entity';
import { toConversationEvent } from '../conversation/conversation.view';
import { OutboxService } from '../outbox/outbox.service';
import { TimelineService } from '../timeline/timeline.service';
import { actorOf } from '../timeline/actor';
import { Contact } from './contact.entity';
import { ContactIdentity } from './contact-identity.entity';
import { normalizePhone, toContactView } from './contact.service';
import { AiPauseDto, ContactListQueryDto, UpdateContactDto } from './contact.dto';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class ContactsController {
  constructor(
    private readonly em: EntityManager,
    private readonly timeline: TimelineService,
    private readonly outbox: OutboxService,
  ) {}

  /** Newest first; `q` uses the trigram index over name, email and phone (also as bare digits). */
  @Get()
  async list(@CurrentPrincipal() p: Principal, @Query() query: ContactListQueryDto): Promise<Page<ContactView>> {
    const where: string[] = ['workspace_id = ?'];
    const params: unknown[] = [p.workspaceId];
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

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<ContactDetail> {
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

  @Patch(':id')
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateContactDto): Promise<ContactView> {
    const contact = await this.em.findOneOrFail(Contact, id);
    Object.assign(contact, { ...dto, ...(dto.phone ? { phone: normalizePhone(dto.phone) } : {}), ...(dto.email ? { email: dto.email.toLowerCase() } : {}) });
    await this.em.flush();
    return toContactView(contact, (await this.identities([id])).get(id) ?? []);
  }

  @Post(':id/ai-pause')
  @HttpCode(200)
  aiPause(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AiPauseDto): Promise<ContactView> {
    return this.setAiPaused(p, id, true, dto.reason ?? null);
  }

  @Post(':id/ai-resume')
  @HttpCode(200)
  aiResume(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ContactView> {
    return this.setAiPaused(p, id, false, null);
  }

  /** Recorded on each of the contact's open conversations, where operators will look for it. */
  private async setAiPaused(p: Principal, id: string, paused: boolean, reason: string | null): Promise<ContactView> {
    const actor = actorOf(p);
    const contact = await this.em.transactional(async (em) => {
      const c = await em.findOneOrFail(Contact, id);
      if (c.aiPaused === paused && c.aiPauseReason === reason) return c;
      c.aiPaused = paused;
      c.aiPauseReason = reason;
      const open = await em.find(Conversation, { contact: id, status: { $in: ['ai_handling', 'human_handling'] } });
      for (const conv of open) {
        this.timeline.record(em, conv, paused ? 'contact.ai_paused' : 'contact.ai_resumed', actor, reason ? { reason } : {});
        this.outbox.event(em, conv.workspace, 'conversation.updated', toConversationEvent(conv));
      }
      return c;
    });
    return toContactView(contact, (await this.identities([id])).get(id) ?? []);
  }

  private async identities(contactIds: string[]): Promise<Map<string, ContactIdentity[]>> {
    if (!contactIds.length) return new Map();
    return groupBy(await this.em.find(ContactIdentity, { contact: { $in: contactIds } }), (i) => i.contact);
  }
}

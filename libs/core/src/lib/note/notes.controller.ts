import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { NoteView, Page } from '@parley/contracts';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { afterCursor, toPage } from '../common/cursor';
import { PageQueryDto } from '../common/page-query.dto';
import { User } from '../auth/user.entity';
import { Conversation } from '../conversation/conversation.entity';
import { OutboxService } from '../outbox/outbox.service';
import { TimelineService } from '../timeline/timeline.service';
import { actorOf } from '../timeline/actor';
import { Note } from './note.entity';
import { CreateNoteDto } from './note.dto';

/** Internal notes: visible to the team, never sent to the contact. */
@ApiTags('notes')
@ApiBearerAuth()
@Controller('conversations/:conversationId/notes')
export class NotesController {
  constructor(
    private readonly em: EntityManager,
    private readonly timeline: TimelineService,
    private readonly outbox: OutboxService,
  ) {}

  @Get()
  async list(@Param('conversationId', ParseUUIDPipe) conversationId: string, @Query() page: PageQueryDto): Promise<Page<NoteView>> {
    await this.em.findOneOrFail(Conversation, conversationId, { fields: ['id'] });
    const notes = await this.em.find(
      Note,
      { conversation: conversationId, ...afterCursor(page.cursor) },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: page.limit + 1 },
    );
    const authorIds = [...new Set(notes.map((n) => n.author).filter((a): a is string => !!a))];
    const authors = new Map((await this.em.find(User, { id: { $in: authorIds } })).map((u) => [u.id, u]));
    return toPage(notes, page.limit, (n) => [n.createdAt, n.id], (n) => this.toView(n, n.author ? authors.get(n.author) : undefined));
  }

  @Post()
  async create(@CurrentPrincipal() p: Principal, @Param('conversationId', ParseUUIDPipe) conversationId: string, @Body() dto: CreateNoteDto): Promise<NoteView> {
    const note = await this.em.transactional(async (em) => {
      const conversation = await em.findOneOrFail(Conversation, conversationId);
      const n = new Note();
      Object.assign(n, { workspace: conversation.workspace, conversation: conversation.id, author: p.kind === 'user' ? p.id : null, body: dto.body });
      em.persist(n);
      this.timeline.record(em, conversation, 'note.added', actorOf(p), { noteId: n.id });
      this.outbox.event(em, conversation.workspace, 'note.created', { id: n.id, conversationId: conversation.id });
      return n;
    });
    // The author is the caller, whom the auth guard has just read: no second lookup.
    return this.toView(note, p.kind === 'user' ? { id: p.id, name: p.name, email: p.email ?? '' } : undefined);
  }

  private toView(n: Note, author?: Pick<User, 'id' | 'name' | 'email'>): NoteView {
    return {
      id: n.id,
      conversationId: n.conversation,
      body: n.body,
      author: author ? { id: author.id, name: author.name, email: author.email } : null,
      createdAt: n.createdAt.toISOString(),
    };
  }
}

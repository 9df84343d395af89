import { Body, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { NoteView, Page } from '@parley/contracts';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { afterCursor, toPage } from '../common/cursor';
import { PageQueryDto } from '../common/page-query.dto';
import { User } from '../auth/user.entity';
import { Conversation } from '../conversation/conversation.entity';
import { OutboxBatch, SqlWriter } from '../database/sql-writer';
import { toTimelineView } from '../timeline/timeline.service';
import { actorColumns, actorOf } from '../timeline/actor';
import { Note } from './note.entity';
import { CreateNoteDto } from './note.dto';

/** Internal notes: visible to the team, never sent to the contact. */
@ApiTags('notes')
@ApiBearerAuth()
@Controller('conversations/:conversationId/notes')
export class NotesController {
  constructor(
    private readonly em: EntityManager,
    private readonly writer: SqlWriter,
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
    return toPage(
      notes,
      page.limit,
      (n) => [n.createdAt, n.id],
      (n) => this.toView(n, n.author ? authors.get(n.author) : undefined),
    );
  }

  @Post()
  async create(
    @CurrentPrincipal() p: Principal,
    @Param('conversationId', ParseUUIDPipe) conversationId: string,
    @Body() dto: CreateNoteDto,
  ): Promise<NoteView> {
    const note = { id: uuidv7(), conversation: conversationId, author: p.kind === 'user' ? p.id : null, body: dto.body, createdAt: new Date() };
    const event = {
      id: uuidv7(),
      conversation: conversationId,
      type: 'note.added',
      ...actorColumns(actorOf(p)),
      data: { noteId: note.id },
      createdAt: note.createdAt,
    };
    const outbox = new OutboxBatch();
    outbox.event(p.workspaceId, 'timeline.created', toTimelineView(event));
    outbox.event(p.workspaceId, 'note.created', { id: note.id, conversationId });
    // Operators write notes while customers wait: the note, its timeline row and their events are one
    // statement (one round trip), written only if the conversation is in the caller's workspace.
    const written = await this.writer.writeGuarded(
      `conversation_found as (select id from conversation where id = $1 and workspace_id = $2),
       note_row as (insert into note (id, created_at, workspace_id, conversation_id, author_id, body) select $3, $4, $2, id, $5, $6 from conversation_found),
       timeline_row as (
         insert into timeline_event (id, created_at, workspace_id, conversation_id, type, actor_kind, actor_id, actor_name, data)
         select $7, $4, $2, id, $8, $9, $10, $11, $12 from conversation_found
       )`,
      [
        conversationId,
        p.workspaceId,
        note.id,
        note.createdAt,
        note.author,
        note.body,
        event.id,
        event.type,
        event.actorKind,
        event.actorId,
        event.actorName,
        JSON.stringify(event.data),
      ],
      'conversation_found',
      outbox,
    );
    if (!written) throw new NotFoundException('Not found');
    // The author is the caller, whom the auth guard has just read: no second lookup.
    return this.toView(note, p.kind === 'user' ? { id: p.id, name: p.name, email: p.email ?? '' } : undefined);
  }

  private toView(n: Pick<Note, 'id' | 'conversation' | 'body' | 'createdAt'>, author?: Pick<User, 'id' | 'name' | 'email'>): NoteView {
    return {
      id: n.id,
      conversationId: n.conversation,
      body: n.body,
      author: author ? { id: author.id, name: author.name, email: author.email } : null,
      createdAt: n.createdAt.toISOString(),
    };
  }
}

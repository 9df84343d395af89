import { Injectable, NotFoundException } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { EntityManager } from '@mikro-orm/postgresql';
import type { NoteView, Page } from '@parley/contracts';
import type { Principal } from '../auth/principal';
import { afterCursor, toPage } from '../common/cursor';
import type { PageQueryDto } from '../common/page-query.dto';
import { User } from '../auth/user.entity';
import { Conversation } from '../conversation/conversation.entity';
import { OutboxBatch, SqlWriter } from '../database/sql-writer';
import { actorOf } from '../timeline/actor';
import { timelineRow } from '../timeline/timeline-sql';
import { Note } from './note.entity';

export const toNoteView = (n: Pick<Note, 'id' | 'conversation' | 'body' | 'createdAt'>, author?: Pick<User, 'id' | 'name' | 'email'>): NoteView => ({
  id: n.id,
  conversationId: n.conversation,
  body: n.body,
  author: author ? { id: author.id, name: author.name, email: author.email } : null,
  createdAt: n.createdAt.toISOString(),
});

/** Internal notes: visible to the team, never sent to the contact. */
@Injectable()
export class NoteService {
  constructor(
    private readonly em: EntityManager,
    private readonly writer: SqlWriter,
  ) {}

  async list(conversationId: string, page: PageQueryDto): Promise<Page<NoteView>> {
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
      (n) => toNoteView(n, n.author ? authors.get(n.author) : undefined),
    );
  }

  /** 404 when the conversation is not in the caller's workspace; then nothing is written. */
  async create(p: Principal, conversationId: string, body: string): Promise<NoteView> {
    const note = { id: uuidv7(), conversation: conversationId, author: p.kind === 'user' ? p.id : null, body, createdAt: new Date() };
    // The author is the caller, whom the auth guard has just read: no second lookup.
    const view = toNoteView(note, p.kind === 'user' ? { id: p.id, name: p.name, email: p.email ?? '' } : undefined);
    const outbox = new OutboxBatch();
    const entry = timelineRow(outbox, { id: conversationId, workspace_id: p.workspaceId }, 'note.added', actorOf(p), { noteId: note.id }, note.createdAt);
    outbox.event(p.workspaceId, 'note.created', view);
    // Operators write notes while customers wait: the note, its timeline row and their events are one
    // statement (one round trip), written only if the conversation is in the caller's workspace.
    const written = await this.writer.writeGuarded(
      `conversation_found as (select id from conversation where id = $1 and workspace_id = $2),
       note_row as (insert into note (id, created_at, workspace_id, conversation_id, author_id, body) select $3, $4, $2, id, $5, $6 from conversation_found),
       timeline_row as (
         insert into timeline_event (id, workspace_id, conversation_id, type, actor_kind, actor_id, actor_name, data, created_at)
         select $7, $2, id, $8, $9, $10, $11, $12, $4 from conversation_found
       )`,
      [conversationId, p.workspaceId, note.id, note.createdAt, note.author, note.body, entry[0], entry[3], entry[4], entry[5], entry[6], entry[7]],
      'conversation_found',
      outbox,
    );
    if (!written) throw new NotFoundException('Not found');
    return view;
  }
}

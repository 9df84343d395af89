import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import type { ConversationView, DraftView, MessageView, NoteView, PresenceViewer, RealtimeEvent, TimelineEventView, UserView } from '@parley/contracts';
import { ApiService, isAbort } from '../core/api.service';
import { RealtimeService } from '../core/realtime.service';
import { AuthService } from '../auth/auth.service';
import { buildThreadItems, mergeById, mergeDraft, mergeMessage, mergeMessages, pendingDraft } from './thread-model';

/** Messages are fetched this many at a time (the API's maximum). */
export const MESSAGE_PAGE = 200;

/** The server's `message` for an HTTP error, in words an operator can act on. */
export function errorText(err: unknown, fallback = 'Something went wrong'): string {
  if (err instanceof HttpErrorResponse) {
    if (err.status === 0) return 'The server cannot be reached. Check your connection and try again.';
    const body = err.error as { message?: string | string[] } | null;
    const message = Array.isArray(body?.message) ? body.message.join('; ') : body?.message;
    return message || `${fallback} (${err.status})`;
  }
  return err instanceof Error ? err.message : fallback;
}

/**
 * Everything the middle column shows of one conversation, loaded over HTTP and kept current by the
 * realtime frames (applied as they come, deduped by id: no refetch per event). Provided per ThreadPane.
 */
@Injectable()
export class ThreadStore {
  private readonly api = inject(ApiService);
  private readonly realtime = inject(RealtimeService);
  private readonly auth = inject(AuthService);

  readonly conversationId = signal<string | null>(null);
  readonly conversation = signal<ConversationView | null>(null);
  readonly messages = signal<readonly MessageView[]>([]);
  readonly notes = signal<readonly NoteView[]>([]);
  readonly timeline = signal<readonly TimelineEventView[]>([]);
  readonly drafts = signal<readonly DraftView[]>([]);
  readonly viewers = signal<readonly PresenceViewer[]>([]);
  readonly users = signal<readonly UserView[]>([]);
  readonly loading = signal(false);
  /** Still fetching later pages of a long thread. */
  readonly loadingMore = signal(false);
  readonly error = signal<string | null>(null);
  /** The conversation was deleted (here or by a teammate). */
  readonly deleted = signal(false);

  readonly items = computed(() => buildThreadItems(this.messages(), this.notes(), this.conversation()?.contact.name));
  readonly pendingDraft = computed(() => pendingDraft(this.drafts()));
  /** Teammates here, not me. */
  readonly others = computed(() => this.viewers().filter((v) => v.userId !== this.auth.user()?.id));

  private abort: AbortController | null = null;

  constructor() {
    const sub = this.realtime.events().subscribe((frame) => this.apply(frame));
    inject(DestroyRef).onDestroy(() => {
      sub.unsubscribe();
      this.leave();
    });
    let seen = this.realtime.resyncs();
    effect(() => {
      const n = this.realtime.resyncs();
      if (n !== seen) {
        seen = n;
        untracked(() => this.reload());
      }
    });
  }

  open(id: string | null): void {
    if (id === this.conversationId()) return;
    this.leave();
    this.conversationId.set(id);
    this.conversation.set(null);
    this.messages.set([]);
    this.notes.set([]);
    this.timeline.set([]);
    this.drafts.set([]);
    this.viewers.set([]);
    this.deleted.set(false);
    this.error.set(null);
    if (!id) return;
    void this.realtime.presence(id, 'viewing').then((viewers) => {
      if (viewers && this.conversationId() === id) this.viewers.set(viewers);
    });
    void this.load(id);
  }

  reload(): void {
    const id = this.conversationId();
    if (id) void this.load(id);
  }

  private leave(): void {
    this.abort?.abort();
    const id = this.conversationId();
    if (id) void this.realtime.presence(id, 'left');
  }

  private async load(id: string): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const o = { signal: abort.signal };
    this.loading.set(true);
    try {
      const [conversation, firstMessages, drafts] = await Promise.all([
        this.api.conversation(id, o),
        this.api.messages(id, { limit: MESSAGE_PAGE }, o),
        this.api.drafts({ status: 'pending', conversationId: id, limit: 50 }, o),
      ]);
      this.conversation.set(conversation);
      this.messages.update((list) => mergeMessages(list, firstMessages.items));
      this.drafts.update((list) => drafts.items.reduce(mergeDraft, list));
      this.loading.set(false);
      if (!this.users().length)
        void this.api.users().then(
          (p) => this.users.set(p.items),
          () => undefined,
        );
      void this.loadAll(id, 'notes', o);
      void this.loadAll(id, 'timeline', o);
      // The API pages messages oldest first only: walk the remaining pages, rendering as they come.
      let cursor = firstMessages.nextCursor;
      this.loadingMore.set(!!cursor);
      while (cursor && !abort.signal.aborted) {
        const page = await this.api.messages(id, { limit: MESSAGE_PAGE, cursor }, o);
        this.messages.update((list) => mergeMessages(list, page.items));
        cursor = page.nextCursor;
      }
      this.loadingMore.set(false);
    } catch (err) {
      if (isAbort(err)) return;
      this.loading.set(false);
      this.loadingMore.set(false);
      if (err instanceof HttpErrorResponse && err.status === 404) this.deleted.set(true);
      else this.error.set(errorText(err, 'This conversation could not be loaded'));
    }
  }

  private async loadAll(id: string, what: 'notes' | 'timeline', o: { signal: AbortSignal }): Promise<void> {
    try {
      let cursor: string | null | undefined;
      do {
        if (what === 'notes') {
          const page = await this.api.notes(id, { limit: 200, cursor }, o);
          this.notes.update((list) => page.items.reduce(mergeById, list));
          cursor = page.nextCursor;
        } else {
          const page = await this.api.timeline(id, { limit: 200, cursor }, o);
          this.timeline.update((list) => page.items.reduce(mergeById, list));
          cursor = page.nextCursor;
        }
      } while (cursor && !o.signal.aborted);
    } catch (err) {
      if (!isAbort(err)) this.error.set(errorText(err, `The ${what} could not be loaded`));
    }
  }

  /** One realtime frame applied to the open thread (frames of other conversations are ignored). */
  apply(frame: RealtimeEvent): void {
    const id = this.conversationId();
    if (!id) return;
    switch (frame.type) {
      case 'message.created':
      case 'message.updated':
        if (frame.data.conversationId === id) this.messages.update((list) => mergeMessage(list, frame.data));
        break;
      case 'note.created':
        if (frame.data.conversationId === id) this.notes.update((list) => mergeById(list, frame.data));
        break;
      case 'timeline.created':
        if (frame.data.conversationId === id) this.timeline.update((list) => mergeById(list, frame.data));
        break;
      case 'draft.created':
      case 'draft.updated':
        if (frame.data.conversationId === id) this.drafts.update((list) => mergeDraft(list, frame.data));
        break;
      case 'conversation.updated':
        if (frame.data.id === id) {
          const card: Partial<typeof frame.data> = { ...frame.data };
          delete card.conversationCount;
          this.conversation.update((c) => (c ? { ...c, ...card } : c));
        }
        break;
      case 'conversation.deleted':
        if (frame.data.id === id) this.deleted.set(true);
        break;
      case 'presence.updated':
        if (frame.data.conversationId === id) this.viewers.set(frame.data.viewers);
        break;
      default:
        break;
    }
  }

  /** A REST answer that is the conversation as it now is. */
  setConversation(c: ConversationView): void {
    if (c.id === this.conversationId()) this.conversation.set(c);
  }

  addMessage(m: MessageView): void {
    if (m.conversationId === this.conversationId()) this.messages.update((list) => mergeMessage(list, m));
  }

  addNote(n: NoteView): void {
    if (n.conversationId === this.conversationId()) this.notes.update((list) => mergeById(list, n));
  }

  updateDraft(d: DraftView): void {
    this.drafts.update((list) => mergeDraft(list, d));
  }

  /** Opening a conversation reads it (the list's unread dot goes). */
  async markRead(id: string): Promise<void> {
    try {
      this.setConversation(await this.api.markRead(id));
    } catch {
      // Not worth an error: the dot stays.
    }
  }

  /** Typing indicator for teammates. */
  typing(isTyping: boolean): void {
    const id = this.conversationId();
    if (id) void this.realtime.presence(id, isTyping ? 'typing' : 'viewing');
  }
}

import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import type { ConversationView, DraftView, MessageView, NoteView, PresenceViewer, RealtimeEvent, TimelineEventView, UserView } from '@parley/contracts';
import { ApiService, isAbort } from '../core/api.service';
import { RealtimeService } from '../core/realtime.service';
import { AuthService } from '../auth/auth.service';
import { windowAfterInbound } from '../composer/messaging-window';
import { ThreadApi } from './thread-api';
import {
  applyNewestPage,
  buildThreadItems,
  mergeById,
  mergeDraft,
  mergeManyById,
  mergeMessage,
  mergeMessages,
  pendingDraft,
  retriedIds,
  withinLoaded,
} from './thread-model';

/** Opening a thread fetches its newest messages, this many (one request, whatever the thread's length). */
export const FIRST_PAGE = 50;
/** Each page back as the reader scrolls up. */
export const OLDER_PAGE = 100;
/** Timeline entries per page (the Activity tab, newest first). */
export const TIMELINE_PAGE = 50;

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

/** Why the API refused a Retry (`POST …/messages/:id/retry`), in words. */
export function retryRefusal(err: unknown): string {
  const text = errorText(err, 'The message could not be retried');
  if (err instanceof HttpErrorResponse) {
    if (err.status === 409 && /already retried/i.test(text)) return 'Already retried: the new attempt is further down the thread.';
    if (err.status === 409 && /provider/i.test(text))
      return 'Not retried: the provider accepted this message, so it may have reached the contact. Write a new reply if it is still needed.';
    if (err.status === 409) return `Not retried: ${text}.`;
    if (err.status === 422 && /attachment/i.test(text)) return 'Not retried: Retry cannot resend files. Attach them again in a new reply.';
    if (err.status === 422) return `Not retried: ${text}.`;
  }
  return text;
}

/**
 * Everything the middle column shows of one conversation, loaded over HTTP and kept current by the
 * realtime frames (applied as they come, deduped by id: no refetch per event). Provided per ThreadPane.
 */
@Injectable()
export class ThreadStore {
  private readonly api = inject(ApiService);
  private readonly threadApi = inject(ThreadApi);
  private readonly realtime = inject(RealtimeService);
  private readonly auth = inject(AuthService);

  readonly conversationId = signal<string | null>(null);
  readonly conversation = signal<ConversationView | null>(null);
  /** The messages held, oldest first: the newest page, and older pages as the reader scrolls up. */
  readonly messages = signal<readonly MessageView[]>([]);
  readonly notes = signal<readonly NoteView[]>([]);
  readonly timeline = signal<readonly TimelineEventView[]>([]);
  readonly drafts = signal<readonly DraftView[]>([]);
  readonly viewers = signal<readonly PresenceViewer[]>([]);
  readonly users = signal<readonly UserView[]>([]);
  readonly loading = signal(false);
  /** The cursor of the messages before the oldest held (null: the thread's first message is held). */
  readonly olderCursor = signal<string | null>(null);
  readonly hasOlder = computed(() => !!this.olderCursor());
  /** Fetching a page of older messages. */
  readonly loadingOlder = signal(false);
  readonly timelineCursor = signal<string | null>(null);
  readonly loadingOlderTimeline = signal(false);
  readonly error = signal<string | null>(null);
  /** The conversation was deleted (here or by a teammate). */
  readonly deleted = signal(false);
  /** Failed messages being retried, and the API's refusal of a Retry, by message id. */
  readonly retrying = signal<ReadonlySet<string>>(new Set());
  readonly retryErrors = signal<ReadonlyMap<string, string>>(new Map());
  /** Failed messages a later message names in `retryOf`: no Retry for them. */
  readonly retried = computed(() => retriedIds(this.messages()));

  /** Notes before the oldest message held wait for that page, so each shows among its messages. */
  private readonly visibleNotes = computed(() => {
    const notes = this.notes();
    const oldest = this.messages()[0];
    return this.hasOlder() && oldest ? notes.filter((n) => n.createdAt >= oldest.createdAt) : notes;
  });
  readonly items = computed(() => buildThreadItems(this.messages(), this.visibleNotes(), this.conversation()?.contact.name));
  readonly pendingDraft = computed(() => pendingDraft(this.drafts()));
  /** Teammates here, not me. */
  readonly others = computed(() => this.viewers().filter((v) => v.userId !== this.auth.user()?.id));

  private abort: AbortController | null = null;
  /** Bumped whenever what is held is replaced: an older page fetched before that is dropped. */
  private generation = 0;

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
    this.generation++;
    this.conversationId.set(id);
    this.conversation.set(null);
    this.messages.set([]);
    this.notes.set([]);
    this.timeline.set([]);
    this.drafts.set([]);
    this.viewers.set([]);
    this.olderCursor.set(null);
    this.timelineCursor.set(null);
    this.loadingOlder.set(false);
    this.loadingOlderTimeline.set(false);
    this.retrying.set(new Set());
    this.retryErrors.set(new Map());
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

  /**
   * One request for the newest page of messages (a 5,000-message thread opens as fast as a short one);
   * older pages follow as the reader scrolls up (`loadOlder`). Notes (few) are read whole, the timeline
   * newest first a page at a time.
   */
  private async load(id: string): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const o = { signal: abort.signal };
    this.loading.set(true);
    this.loadingOlder.set(false);
    this.loadingOlderTimeline.set(false);
    try {
      const [conversation, newest, drafts] = await Promise.all([
        this.api.conversation(id, o),
        this.threadApi.messagesPage(id, { order: 'desc', limit: FIRST_PAGE }, o),
        this.api.drafts({ status: 'pending', conversationId: id, limit: 50 }, o),
      ]);
      const held = applyNewestPage({ messages: this.messages(), olderCursor: this.olderCursor() }, newest);
      this.conversation.set(conversation);
      this.messages.set(held.messages);
      this.olderCursor.set(held.olderCursor);
      this.drafts.set(drafts.items.reduce(mergeDraft, [] as readonly DraftView[]));
      this.loading.set(false);
      if (!this.users().length)
        void this.api.users().then(
          (p) => this.users.set(p.items),
          () => undefined,
        );
      void this.loadNotes(id, o);
      void this.loadTimeline(id, o);
    } catch (err) {
      if (isAbort(err)) return;
      this.loading.set(false);
      if (err instanceof HttpErrorResponse && err.status === 404) this.deleted.set(true);
      else this.error.set(errorText(err, 'This conversation could not be loaded'));
    }
  }

  /** The page of messages before the oldest held, prepended (the reader's place is kept by the scroll strategy). */
  async loadOlder(): Promise<void> {
    const id = this.conversationId();
    const cursor = this.olderCursor();
    if (!id || !cursor || this.loadingOlder() || this.loading()) return;
    const generation = this.generation;
    const signal = this.abort?.signal;
    this.loadingOlder.set(true);
    try {
      const page = await this.threadApi.messagesPage(id, { order: 'desc', limit: OLDER_PAGE, cursor }, { signal });
      if (generation !== this.generation || this.olderCursor() !== cursor) return;
      this.messages.update((list) => mergeMessages(list, page.items));
      this.olderCursor.set(page.nextCursor);
    } catch (err) {
      if (!isAbort(err) && generation === this.generation) this.error.set(errorText(err, 'Older messages could not be loaded'));
    } finally {
      if (generation === this.generation) this.loadingOlder.set(false);
    }
  }

  private async loadNotes(id: string, o: { signal: AbortSignal }): Promise<void> {
    try {
      let cursor: string | null | undefined;
      do {
        const page = await this.api.notes(id, { limit: 200, cursor }, o);
        this.notes.update((list) => mergeManyById(list, page.items));
        cursor = page.nextCursor;
      } while (cursor && !o.signal.aborted);
    } catch (err) {
      if (!isAbort(err)) this.error.set(errorText(err, 'The notes could not be loaded'));
    }
  }

  private async loadTimeline(id: string, o: { signal: AbortSignal }): Promise<void> {
    try {
      const page = await this.threadApi.timelinePage(id, { order: 'desc', limit: TIMELINE_PAGE }, o);
      const held = this.timeline();
      const known = new Set(held.map((e) => e.id));
      // As with messages: a reload's page that does not meet what is held replaces it.
      const meets = !!held.length && (!page.nextCursor || page.items.some((e) => known.has(e.id)));
      this.timeline.set(mergeManyById(meets ? held : [], page.items));
      if (!meets || !page.nextCursor) this.timelineCursor.set(page.nextCursor);
    } catch (err) {
      if (!isAbort(err)) this.error.set(errorText(err, 'The activity could not be loaded'));
    }
  }

  /** The Activity tab's "Show earlier activity". */
  async loadOlderTimeline(): Promise<void> {
    const id = this.conversationId();
    const cursor = this.timelineCursor();
    if (!id || !cursor || this.loadingOlderTimeline()) return;
    this.loadingOlderTimeline.set(true);
    try {
      const page = await this.threadApi.timelinePage(id, { order: 'desc', limit: TIMELINE_PAGE, cursor }, { signal: this.abort?.signal });
      if (this.conversationId() !== id || this.timelineCursor() !== cursor) return;
      this.timeline.update((list) => mergeManyById(list, page.items));
      this.timelineCursor.set(page.nextCursor);
    } catch (err) {
      if (!isAbort(err)) this.error.set(errorText(err, 'Earlier activity could not be loaded'));
    } finally {
      if (this.conversationId() === id) this.loadingOlderTimeline.set(false);
    }
  }

  /** One realtime frame applied to the open thread (frames of other conversations are ignored). */
  apply(frame: RealtimeEvent): void {
    const id = this.conversationId();
    if (!id) return;
    switch (frame.type) {
      case 'message.created':
      case 'message.updated':
        if (frame.data.conversationId === id) this.addMessage(frame.data);
        break;
      case 'note.created':
        if (frame.data.conversationId === id) this.addNote(frame.data);
        break;
      case 'timeline.created':
        if (frame.data.conversationId === id && withinLoaded(this.timeline(), !!this.timelineCursor(), frame.data))
          this.timeline.update((list) => mergeById(list, frame.data));
        break;
      case 'draft.created':
      case 'draft.updated':
        if (frame.data.conversationId === id) this.drafts.update((list) => mergeDraft(list, frame.data));
        break;
      case 'conversation.updated':
        // The list card (ConversationListItem): every field it has is the detail's too.
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

  /** A message from a REST answer or a frame: merged when it falls within what is held; an inbound one reopens the messaging window. */
  addMessage(m: MessageView): void {
    if (m.conversationId !== this.conversationId()) return;
    if (withinLoaded(this.messages(), this.hasOlder(), m)) this.messages.update((list) => mergeMessage(list, m));
    this.conversation.update((c) => {
      if (!c) return c;
      const messagingWindow = windowAfterInbound(c.messagingWindow, c.channelAccountId, m);
      return messagingWindow === c.messagingWindow ? c : { ...c, messagingWindow };
    });
  }

  addNote(n: NoteView): void {
    if (n.conversationId === this.conversationId()) this.notes.update((list) => mergeById(list, n));
  }

  /**
   * Retry of a failed message (`POST …/retry`): the new message joins the thread naming the failed one,
   * whose Retry then goes; a refusal (409 accepted by the provider or already retried, 422 files) is
   * kept in words under the message. A second click while the first is out does nothing.
   */
  async retry(m: MessageView): Promise<void> {
    const id = this.conversationId();
    if (!id || m.conversationId !== id || this.retrying().has(m.id)) return;
    this.retrying.update((s) => new Set(s).add(m.id));
    this.retryErrors.update((errors) => {
      const next = new Map(errors);
      next.delete(m.id);
      return next;
    });
    try {
      this.addMessage(await this.threadApi.retryMessage(id, m.id));
    } catch (err) {
      if (this.conversationId() === id) this.retryErrors.update((errors) => new Map(errors).set(m.id, retryRefusal(err)));
    } finally {
      this.retrying.update((s) => {
        const next = new Set(s);
        next.delete(m.id);
        return next;
      });
    }
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

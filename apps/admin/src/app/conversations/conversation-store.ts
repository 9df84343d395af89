import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute, Router } from '@angular/router';
import {
  CONVERSATION_STATUSES,
  type ConversationCounts,
  type ConversationListItem,
  type ConversationStatus,
  type ConversationView,
  type RealtimeEvent,
  type UserView,
} from '@parley/contracts';
import { AuthService } from '../auth/auth.service';
import { ApiService, isAbort } from '../core/api.service';
import { AttentionService } from '../core/attention.service';
import { persisted } from '../core/persisted';
import { RealtimeService } from '../core/realtime.service';
import { applyCardFrame, applyCountsDelta, countsDelta, matchesFilters } from './card-reducer';
import { filtersToParams, filtersToQuery, parseFilters, type ListFilters } from './filters';

export type ListView = 'list' | 'board';

export interface CardColumn {
  items: ConversationListItem[];
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  error: string | null;
}

const PAGE = 50;
const emptyColumn = (): CardColumn => ({ items: [], nextCursor: null, loading: true, loadingMore: false, error: null });

/** The API's words for a failed call ("Only a resolved conversation can be reopened…"), or a generic line. */
export function errorText(err: unknown, fallback = 'Something went wrong'): string {
  if (err instanceof HttpErrorResponse) {
    if (err.status === 0) return 'The server cannot be reached';
    const body = err.error as { message?: unknown } | null;
    if (body && typeof body.message === 'string') return body.message;
    if (body && Array.isArray(body.message)) return body.message.join('; ');
  }
  return fallback;
}

/**
 * State of the conversations workspace: filters (from the URL), the list or the board's columns, the
 * per-status counts, the bulk selection. Live frames update it in place (see card-reducer).
 * Provided by the conversations page.
 */
@Injectable()
export class ConversationStore {
  private readonly api = inject(ApiService);
  private readonly auth = inject(AuthService);
  private readonly realtime = inject(RealtimeService);
  private readonly attention = inject(AttentionService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly snack = inject(MatSnackBar);

  private readonly queryParams = toSignal(this.route.queryParams, { initialValue: this.route.snapshot.queryParams });
  readonly filters = computed<ListFilters>(() => parseFilters(this.queryParams()), { equal: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
  readonly view = persisted<ListView>('conversations.view', 'list', (v) => v === 'list' || v === 'board');
  readonly meId = computed(() => this.auth.user()?.id ?? null);

  readonly list = signal<CardColumn>(emptyColumn());
  readonly board = signal<Record<ConversationStatus, CardColumn>>(boardOf(emptyColumn));
  readonly counts = signal<ConversationCounts | null>(null);
  readonly users = signal<UserView[]>([]);
  /** The keyboard cursor (j/k), a conversation id. */
  readonly activeId = signal<string | null>(null);
  /** Bulk selection (conversation ids). */
  readonly selection = signal<ReadonlySet<string>>(new Set());
  readonly selectedCount = computed(() => this.selection().size);

  /** The statuses the board shows: all four, or those the status filter keeps. */
  readonly boardStatuses = computed<ConversationStatus[]>(() => {
    const s = this.filters().status;
    return CONVERSATION_STATUSES.filter((x) => !s.length || s.includes(x));
  });

  /** The last state seen of every card (for count deltas and escalation notices). */
  private readonly known = new Map<string, ConversationListItem>();
  private loadAbort: AbortController | null = null;
  private countsAbort: AbortController | null = null;
  private countsTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    effect(() => {
      const f = this.filters();
      const view = this.view();
      untracked(() => this.reload(f, view));
    });
    effect(() => {
      if (this.realtime.resyncs() > 0) untracked(() => this.reload(this.filters(), this.view()));
    });
    const stop = [
      this.realtime.on('conversation.created', (f) => this.applyFrame(f)),
      this.realtime.on('conversation.updated', (f) => this.applyFrame(f)),
      this.realtime.on('conversation.deleted', (f) => this.applyFrame(f)),
    ];
    inject(DestroyRef).onDestroy(() => {
      stop.forEach((s) => s());
      this.loadAbort?.abort();
      this.countsAbort?.abort();
      if (this.countsTimer) clearTimeout(this.countsTimer);
    });
    this.api.users().then(
      (page) => this.users.set(page.items),
      () => undefined,
    );
  }

  userName(id: string): string {
    return this.users().find((u) => u.id === id)?.name ?? 'Someone';
  }

  /** Changes the filters by changing the URL (so back/forward and bookmarks work). */
  setFilters(next: ListFilters, opts: { replaceUrl?: boolean } = {}): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: filtersToParams(next), queryParamsHandling: 'merge', replaceUrl: opts.replaceUrl });
  }

  /** `replaceUrl` for typing (the search box): one history entry per search, not per pause. */
  patchFilters(patch: Partial<ListFilters>, opts: { replaceUrl?: boolean } = {}): void {
    this.setFilters({ ...this.filters(), ...patch }, opts);
  }

  /** The cards in the order shown (list, or the board's columns one after another), for j/k. */
  readonly visibleCards = computed<ConversationListItem[]>(() => {
    if (this.view() === 'list') return this.list().items;
    const b = this.board();
    return this.boardStatuses().flatMap((s) => b[s].items);
  });

  reload(f: ListFilters = this.filters(), view: ListView = this.view()): void {
    this.loadAbort?.abort();
    const abort = new AbortController();
    this.loadAbort = abort;
    this.selection.set(new Set());
    this.refreshCounts(f);
    if (view === 'list') {
      this.list.update((c) => ({ ...c, loading: true, error: null }));
      this.api.conversations({ ...filtersToQuery(f), limit: PAGE }, { signal: abort.signal }).then(
        (page) => {
          this.remember(page.items);
          this.list.set({ items: page.items, nextCursor: page.nextCursor, loading: false, loadingMore: false, error: null });
        },
        (err) => {
          if (isAbort(err)) return;
          this.list.set({ ...emptyColumn(), loading: false, error: errorText(err, 'The conversations could not be loaded') });
        },
      );
    } else {
      for (const status of CONVERSATION_STATUSES) {
        if (!this.boardStatuses().includes(status)) {
          this.setColumn(status, { ...emptyColumn(), loading: false });
          continue;
        }
        this.setColumn(status, { ...this.board()[status], loading: true, error: null });
        this.api.conversations({ ...filtersToQuery(f), status: [status], groupBy: undefined, limit: PAGE }, { signal: abort.signal }).then(
          (page) => {
            this.remember(page.items);
            this.setColumn(status, { items: page.items, nextCursor: page.nextCursor, loading: false, loadingMore: false, error: null });
          },
          (err) => {
            if (isAbort(err)) return;
            this.setColumn(status, { ...emptyColumn(), loading: false, error: errorText(err, 'This column could not be loaded') });
          },
        );
      }
    }
  }

  /** The next page of the list (or of one board column). */
  loadMore(status?: ConversationStatus): void {
    const column = status ? this.board()[status] : this.list();
    if (!column.nextCursor || column.loadingMore || column.loading) return;
    const set = (c: CardColumn) => (status ? this.setColumn(status, c) : this.list.set(c));
    set({ ...column, loadingMore: true });
    const f = this.filters();
    const query = status ? { ...filtersToQuery(f), status: [status], groupBy: undefined } : filtersToQuery(f);
    const signal = this.loadAbort?.signal;
    this.api.conversations({ ...query, limit: PAGE, cursor: column.nextCursor }, { signal }).then(
      (page) => {
        this.remember(page.items);
        const current = status ? this.board()[status] : this.list();
        const have = new Set(current.items.map((c) => c.id));
        set({ ...current, items: [...current.items, ...page.items.filter((c) => !have.has(c.id))], nextCursor: page.nextCursor, loadingMore: false });
      },
      (err) => {
        if (isAbort(err)) return;
        const current = status ? this.board()[status] : this.list();
        set({ ...current, loadingMore: false });
        this.error(errorText(err, 'More conversations could not be loaded'));
      },
    );
  }

  /** A live frame, or an action's answer: cards move, counts follow, escalations are announced. */
  applyFrame(frame: RealtimeEvent): void {
    if (frame.type !== 'conversation.created' && frame.type !== 'conversation.updated' && frame.type !== 'conversation.deleted') return;
    const f = this.filters();
    const id = frame.type === 'conversation.deleted' ? frame.data.id : frame.data.id;
    const previous = this.known.get(id);
    const delta = countsDelta(previous, frame, f, this.meId());
    const counts = this.counts();
    if (delta && counts) this.counts.set(applyCountsDelta(counts, delta));
    else this.scheduleCounts();

    if (frame.type === 'conversation.deleted') {
      this.known.delete(id);
      this.selection.update((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : s));
    } else {
      const card = frame.data;
      this.known.set(card.id, card);
      // A new escalation (a card that just moved to Human Handling) needs someone.
      if (card.status === 'human_handling' && previous?.status !== 'human_handling' && (previous || frame.type === 'conversation.created'))
        this.attention.notify();
    }

    if (this.view() === 'list') {
      const list = this.list();
      const items = applyCardFrame(list.items, frame, { filters: f, meId: this.meId(), hasMore: !!list.nextCursor });
      if (items !== list.items) this.list.set({ ...list, items });
    } else {
      const board = this.board();
      let changed = false;
      const next = { ...board };
      for (const status of this.boardStatuses()) {
        const col = board[status];
        const items = applyCardFrame(col.items, frame, { filters: { ...f, status: [status], groupBy: null }, meId: this.meId(), hasMore: !!col.nextCursor });
        if (items !== col.items) {
          next[status] = { ...col, items };
          changed = true;
        }
      }
      if (changed) this.board.set(next);
    }
  }

  /** Applies an action's answer at once (the realtime frame that follows changes nothing more). */
  applyView(view: ConversationView): void {
    const previous = this.known.get(view.id);
    const card: ConversationListItem = {
      ...view,
      unread: view.unread,
      conversationCount: previous?.conversationCount,
    };
    this.applyFrame({ id: '', type: 'conversation.updated', workspaceId: '', at: view.lastActivityAt, data: card });
  }

  // ---- selection ----
  toggleSelected(id: string, on?: boolean): void {
    this.selection.update((s) => {
      const next = new Set(s);
      if (on ?? !next.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  selectAll(): void {
    this.selection.set(new Set(this.visibleCards().map((c) => c.id)));
  }

  clearSelection(): void {
    this.selection.set(new Set());
  }

  /** Runs one action on every selected conversation; reports how many failed. */
  async bulk(label: string, action: (id: string) => Promise<ConversationView>): Promise<void> {
    const ids = [...this.selection()];
    if (!ids.length) return;
    const results = await Promise.allSettled(ids.map((id) => action(id).then((v) => this.applyView(v))));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    this.clearSelection();
    if (failed.length) this.error(`${label}: ${failed.length} of ${ids.length} failed (${errorText(failed[0].reason)})`);
    else this.snack.open(`${label}: ${ids.length} conversation${ids.length === 1 ? '' : 's'}`, undefined, { duration: 3000 });
  }

  /** Runs one action on one conversation, applying its answer; shows the API's refusal. */
  async act(label: string, run: () => Promise<ConversationView>): Promise<boolean> {
    try {
      this.applyView(await run());
      return true;
    } catch (err) {
      this.error(`${label}: ${errorText(err)}`);
      return false;
    }
  }

  error(message: string): void {
    this.snack.open(message, 'Dismiss', { duration: 8000, panelClass: 'snackbar-error' });
  }

  /** Whether a card (known to the store) matches the current filters; used for keyboard focus. */
  matches(card: ConversationListItem): boolean {
    return matchesFilters(card, this.filters(), this.meId(), { known: true });
  }

  private refreshCounts(f: ListFilters = this.filters()): void {
    this.countsAbort?.abort();
    const abort = new AbortController();
    this.countsAbort = abort;
    const query = filtersToQuery(f);
    this.api.conversationCounts(query, { signal: abort.signal }).then(
      (c) => this.counts.set(c),
      (err) => {
        if (!isAbort(err)) this.counts.set(null);
      },
    );
  }

  /** Counts that a frame could not update exactly: refetch, at most every 2 s. */
  private scheduleCounts(): void {
    if (this.countsTimer) return;
    this.countsTimer = setTimeout(() => {
      this.countsTimer = null;
      this.refreshCounts();
    }, 2000);
  }

  private remember(items: ConversationListItem[]): void {
    for (const c of items) this.known.set(c.id, c);
  }

  private setColumn(status: ConversationStatus, column: CardColumn): void {
    this.board.update((b) => ({ ...b, [status]: column }));
  }
}

function boardOf(make: () => CardColumn): Record<ConversationStatus, CardColumn> {
  return { ai_handling: make(), human_handling: make(), resolved: make(), opted_out: make() };
}

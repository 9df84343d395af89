import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ConversationView, DraftView } from '@parley/contracts';
import { ApiService } from '../core/api.service';
import { RealtimeService } from '../core/realtime.service';
import { DraftCard } from '../composer/draft-card';
import { ThreadApi } from '../thread/thread-api';
import { errorText } from '../thread/thread-store';
import { mergeDraft } from '../thread/thread-model';

/** Drafts per page of the queue. */
export const DRAFT_PAGE = 50;

/**
 * A `draft.*` frame (the whole DraftView) applied to the queue as paged so far (oldest first, from the
 * API's `order=asc`): a known draft takes its new state (approved, rejected, withdrawn leave the queue);
 * a new one joins only when every page is here (otherwise it arrives with the last page, in its place).
 */
export function applyDraftFrame(list: readonly DraftView[], morePages: boolean, d: DraftView): readonly DraftView[] {
  const known = list.some((x) => x.id === d.id);
  if (!known && (morePages || d.status !== 'pending')) return list;
  return mergeDraft(list, d);
}

/** Every AI draft waiting for approval, across conversations, oldest first (route `/drafts`). */
@Component({
  selector: 'app-drafts-page',
  imports: [RouterLink, DraftCard],
  template: `
    <header>
      <h1>AI drafts waiting for approval</h1>
      <p class="muted">
        The assistant holds these replies until someone approves them (Assisted or Controlled autonomy). Oldest first.
        @if (!loading()) {
          <strong>{{ pending().length }}{{ cursor() ? '+' : '' }}</strong> pending.
        }
      </p>
    </header>
    @if (error()) {
      <p class="error" role="alert">{{ error() }} <button type="button" class="secondary" (click)="load()">Try again</button></p>
    }
    @if (loading()) {
      <div role="status" aria-busy="true" aria-label="Loading drafts">
        <div class="sk"></div>
        <div class="sk"></div>
      </div>
    } @else {
      <ol>
        @for (d of pending(); track d.id) {
          <li>
            <app-draft-card [draft]="d" [showConversation]="true" (decided)="decided($event)">
              <a conversation class="conv" [routerLink]="['/conversations', d.conversationId]">{{ title(d.conversationId) }}</a>
            </app-draft-card>
          </li>
        } @empty {
          <li class="empty">
            <p class="big">Nothing to approve</p>
            <p class="muted">New drafts appear here live as the assistant writes them.</p>
          </li>
        }
      </ol>
      @if (cursor()) {
        <button type="button" class="secondary more" [disabled]="loadingMore()" (click)="loadMore()">
          {{ loadingMore() ? 'Loading more drafts…' : 'Load more drafts' }}
        </button>
      }
    }
  `,
  styles: `
    :host {
      display: block;
      max-width: 52rem;
      margin: 0 auto;
      padding: 1.5rem 1rem;
    }
    h1 {
      margin: 0;
      font-size: 1.3rem;
    }
    .muted {
      color: var(--text-muted);
      font-size: 0.875rem;
    }
    ol {
      display: grid;
      gap: 0.75rem;
      margin: 1rem 0 0;
      padding: 0;
      list-style: none;
    }
    .conv {
      font-weight: 600;
      font-size: 0.85rem;
    }
    .empty {
      padding: 2.5rem 1rem;
      text-align: center;
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: var(--radius-lg);
    }
    .empty p {
      margin: 0.25rem 0;
    }
    .big {
      font-weight: 600;
    }
    .error {
      color: var(--danger);
    }
    .more {
      display: block;
      margin: 1rem auto 0;
    }
    .sk {
      height: 7rem;
      margin-top: 0.75rem;
      border-radius: var(--radius-lg);
      background: var(--surface-muted);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DraftsPage {
  private readonly api = inject(ApiService);
  private readonly threadApi = inject(ThreadApi);
  private readonly realtime = inject(RealtimeService);
  /** Pending drafts paged so far, oldest first as the API sends them (`order=asc`). */
  protected readonly drafts = signal<readonly DraftView[]>([]);
  protected readonly conversations = signal<ReadonlyMap<string, ConversationView>>(new Map());
  protected readonly loading = signal(true);
  protected readonly loadingMore = signal(false);
  /** The next page's cursor; null once the whole queue is here. */
  protected readonly cursor = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly pending = computed(() => this.drafts().filter((d) => d.status === 'pending'));
  private generation = 0;

  constructor() {
    void this.load();
    const sub = this.realtime.events('draft.created', 'draft.updated').subscribe((f) => {
      const before = this.drafts();
      this.drafts.set(applyDraftFrame(before, !!this.cursor(), f.data));
      if (this.drafts() !== before) void this.fetchConversations([f.data.conversationId]);
    });
    let resyncs = this.realtime.resyncs();
    effect(() => {
      const n = this.realtime.resyncs();
      if (n !== resyncs) {
        resyncs = n;
        untracked(() => void this.load());
      }
    });
    inject(DestroyRef).onDestroy(() => sub.unsubscribe());
  }

  /** The first page of the queue (again after a resync). */
  async load(): Promise<void> {
    const generation = ++this.generation;
    this.error.set(null);
    this.loadingMore.set(false);
    try {
      const page = await this.threadApi.draftsPage({ status: 'pending', order: 'asc', limit: DRAFT_PAGE });
      if (generation !== this.generation) return;
      this.drafts.set(page.items);
      this.cursor.set(page.nextCursor);
      void this.fetchConversations(page.items.map((d) => d.conversationId));
    } catch (err) {
      if (generation === this.generation) this.error.set(errorText(err, 'The drafts could not be loaded'));
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }

  /** The next page, appended (newer drafts than any shown). */
  async loadMore(): Promise<void> {
    const cursor = this.cursor();
    if (!cursor || this.loadingMore()) return;
    const generation = this.generation;
    this.loadingMore.set(true);
    this.error.set(null);
    try {
      const page = await this.threadApi.draftsPage({ status: 'pending', order: 'asc', limit: DRAFT_PAGE, cursor });
      if (generation !== this.generation) return;
      this.drafts.update((list) => page.items.reduce(mergeDraft, list));
      this.cursor.set(page.nextCursor);
      void this.fetchConversations(page.items.map((d) => d.conversationId));
    } catch (err) {
      if (generation === this.generation) this.error.set(errorText(err, 'More drafts could not be loaded'));
    } finally {
      if (generation === this.generation) this.loadingMore.set(false);
    }
  }

  private async fetchConversations(ids: string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.conversations().has(id));
    const found = await Promise.all(missing.map((id) => this.api.conversation(id).catch(() => null)));
    this.conversations.update((map) => {
      const next = new Map(map);
      for (const c of found) if (c) next.set(c.id, c);
      return next;
    });
  }

  protected title(conversationId: string): string {
    const c = this.conversations().get(conversationId);
    return c ? `${c.contact.name || c.contact.phone || c.contact.email || 'Contact'} · ${c.channelAccount.name}` : 'Open conversation';
  }

  protected decided(d: DraftView): void {
    this.drafts.update((list) => mergeDraft(list, d));
  }
}

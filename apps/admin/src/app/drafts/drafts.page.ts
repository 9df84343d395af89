import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ConversationView, DraftView } from '@parley/contracts';
import { ApiService } from '../core/api.service';
import { RealtimeService } from '../core/realtime.service';
import { DraftCard } from '../composer/draft-card';
import { errorText } from '../thread/thread-store';
import { mergeDraft } from '../thread/thread-model';

/** Oldest first: the draft that has waited longest is the next to decide. */
export function pendingOldestFirst(drafts: readonly DraftView[]): DraftView[] {
  return drafts.filter((d) => d.status === 'pending').sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
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
          <strong>{{ pending().length }}</strong> pending.
        }
      </p>
    </header>
    @if (error()) {
      <p class="error" role="alert">{{ error() }} <button type="button" class="secondary" (click)="load()">Try again</button></p>
    }
    @if (loading()) {
      <div aria-busy="true" aria-label="Loading drafts">
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
  private readonly realtime = inject(RealtimeService);
  protected readonly drafts = signal<readonly DraftView[]>([]);
  protected readonly conversations = signal<ReadonlyMap<string, ConversationView>>(new Map());
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly pending = computed(() => pendingOldestFirst(this.drafts()));

  constructor() {
    void this.load();
    const sub = this.realtime.events('draft.created', 'draft.updated').subscribe((f) => {
      this.drafts.update((list) => mergeDraft(list, f.data));
      void this.fetchConversations([f.data.conversationId]);
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

  async load(): Promise<void> {
    this.error.set(null);
    try {
      let cursor: string | null = null;
      let all: readonly DraftView[] = [];
      do {
        const page = await this.api.drafts({ status: 'pending', limit: 200, cursor });
        all = page.items.reduce(mergeDraft, all);
        cursor = page.nextCursor;
      } while (cursor);
      this.drafts.set(all);
      void this.fetchConversations(all.map((d) => d.conversationId));
    } catch (err) {
      this.error.set(errorText(err, 'The drafts could not be loaded'));
    } finally {
      this.loading.set(false);
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

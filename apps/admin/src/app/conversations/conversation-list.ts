import { ScrollingModule, CdkVirtualScrollViewport } from '@angular/cdk/scrolling';
import { ChangeDetectionStrategy, Component, effect, inject, input, untracked, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import type { ConversationListItem } from '@parley/contracts';
import { ConversationCard } from './conversation-card';
import { ConversationStore } from './conversation-store';
import { hasActiveFilters } from './filters';

export const CARD_HEIGHT = 104;

/** The list view: every card in one virtual-scrolled column, the next page fetched near the end. */
@Component({
  selector: 'app-conversation-list',
  imports: [ScrollingModule, ConversationCard, MatButtonModule, MatIconModule],
  template: `
    @let col = store.list();
    @if (col.loading && !col.items.length) {
      <div class="skeletons" role="status" aria-busy="true" aria-label="Loading conversations">
        @for (i of skeletons; track i) {
          <div class="sk">
            <span class="skeleton" style="width: 55%; height: 14px"></span>
            <span class="skeleton" style="width: 35%; height: 11px"></span>
            <span class="skeleton" style="width: 85%; height: 12px"></span>
          </div>
        }
      </div>
    } @else if (col.error) {
      <div class="empty-state" role="alert">
        <mat-icon svgIcon="error" />
        <p>{{ col.error }}</p>
        <button mat-stroked-button type="button" (click)="store.reload()">Try again</button>
      </div>
    } @else if (!col.items.length) {
      <div class="empty-state">
        <mat-icon svgIcon="inbox" />
        @if (filtered()) {
          <p>No conversation matches these filters.</p>
        } @else if (store.filters().archived) {
          <p>Nothing archived.</p>
        } @else {
          <p>No conversations yet. They appear here as soon as a customer writes.</p>
        }
      </div>
    } @else {
      <cdk-virtual-scroll-viewport
        [itemSize]="cardHeight"
        [minBufferPx]="cardHeight * 6"
        [maxBufferPx]="cardHeight * 12"
        (scrolledIndexChange)="nearEnd($event)"
        role="list"
        aria-label="Conversation list"
        [class.selecting]="store.selectedCount() > 0"
        [attr.aria-busy]="col.loading"
      >
        <app-conversation-card
          *cdkVirtualFor="let c of col.items; trackBy: trackById"
          [card]="c"
          [open]="c.id === selectedId()"
          [active]="c.id === store.activeId()"
          [checked]="store.selection().has(c.id)"
          (checkedChange)="store.toggleSelected(c.id, $event)"
        />
      </cdk-virtual-scroll-viewport>
      @if (col.loadingMore) {
        <div class="more" role="status">Loading more…</div>
      }
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
    }
    cdk-virtual-scroll-viewport {
      flex: 1;
      min-height: 0;
    }
    .sk {
      display: grid;
      gap: 0.4rem;
      height: 104px;
      box-sizing: border-box;
      padding: 0.75rem 0.75rem 0 2.25rem;
      border-bottom: 1px solid var(--border);
    }
    .more {
      padding: 0.75rem;
      text-align: center;
      color: var(--text-muted);
      font-size: 0.8125rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationList {
  readonly selectedId = input<string | null>(null);
  protected readonly store = inject(ConversationStore);
  protected readonly cardHeight = CARD_HEIGHT;
  protected readonly skeletons = [1, 2, 3, 4, 5, 6, 7];
  private readonly viewport = viewChild(CdkVirtualScrollViewport);

  constructor() {
    // Keep the keyboard cursor in view.
    effect(() => {
      const id = this.store.activeId();
      const viewport = this.viewport();
      if (!id || !viewport) return;
      const index = untracked(() => this.store.list().items.findIndex((c) => c.id === id));
      if (index < 0) return;
      const top = viewport.measureScrollOffset('top');
      const height = viewport.getViewportSize();
      const y = index * CARD_HEIGHT;
      if (y < top) viewport.scrollToOffset(y);
      else if (y + CARD_HEIGHT > top + height) viewport.scrollToOffset(y + CARD_HEIGHT - height);
    });
  }

  protected filtered(): boolean {
    return hasActiveFilters(this.store.filters());
  }

  protected trackById = (_: number, c: ConversationListItem) => c.id;

  protected nearEnd(index: number): void {
    const viewport = this.viewport();
    const visible = viewport ? Math.ceil(viewport.getViewportSize() / CARD_HEIGHT) : 10;
    if (index + visible * 2 >= this.store.list().items.length) this.store.loadMore();
  }
}

import { CdkDrag, CdkDragDrop, CdkDropList, CdkDropListGroup } from '@angular/cdk/drag-drop';
import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import type { ConversationListItem, ConversationStatus } from '@parley/contracts';
import { firstValueFrom } from 'rxjs';
import { ApiService } from '../core/api.service';
import { ConversationCard } from './conversation-card';
import { ConversationStore } from './conversation-store';
import { EscalateDialog } from './dialogs';
import { STATUS_LABELS } from './filters';

/**
 * The board: one column per status with its live count. Dragging a card to Human Handling asks for a
 * reason and escalates; to Resolved resolves; back to AI Handling reopens a resolved one or hands a
 * human-handled one back to the assistant. Opted Out is the contact's decision: nothing moves there.
 */
@Component({
  selector: 'app-conversation-board',
  imports: [CdkDropListGroup, CdkDropList, CdkDrag, ConversationCard, MatButtonModule, MatIconModule],
  template: `
    <div class="board" cdkDropListGroup [class.selecting]="store.selectedCount() > 0">
      @for (status of store.boardStatuses(); track status) {
        @let col = store.board()[status];
        <section class="column" [attr.data-status]="status" [attr.aria-labelledby]="'col-' + status">
          <header>
            <h3 [id]="'col-' + status">{{ labels[status] }}</h3>
            <span class="count" [attr.aria-label]="countOf(status) + ' conversations'">{{ countOf(status) }}</span>
          </header>
          <div
            class="cards"
            [attr.role]="col.items.length ? 'list' : null"
            [attr.aria-label]="col.items.length ? labels[status] + ' conversations' : null"
            cdkDropList
            [id]="'drop-' + status"
            [cdkDropListData]="status"
            [cdkDropListEnterPredicate]="canEnter"
            (cdkDropListDropped)="dropped($event)"
            (scroll)="onScroll($event, status)"
          >
            @if (col.loading && !col.items.length) {
              @for (i of [1, 2, 3]; track i) {
                <div class="sk"><span class="skeleton" style="height: 88px"></span></div>
              }
            } @else if (col.error) {
              <p class="empty-state" role="alert">{{ col.error }}</p>
            } @else {
              @for (c of col.items; track c.id) {
                <app-conversation-card
                  cdkDrag
                  [cdkDragData]="c"
                  [card]="c"
                  [showStatus]="false"
                  [open]="c.id === selectedId()"
                  [active]="c.id === store.activeId()"
                  [checked]="store.selection().has(c.id)"
                  (checkedChange)="store.toggleSelected(c.id, $event)"
                />
              } @empty {
                <p class="empty-state">No conversations</p>
              }
              @if (col.nextCursor) {
                <div role="listitem">
                  <button mat-button type="button" class="more" (click)="store.loadMore(status)" [disabled]="col.loadingMore">
                    {{ col.loadingMore ? 'Loading…' : 'Load more' }}
                  </button>
                </div>
              }
            }
          </div>
        </section>
      }
    </div>
  `,
  styles: `
    :host {
      display: block;
      min-height: 0;
      overflow-x: auto;
      background: var(--bg);
    }
    .board {
      display: grid;
      grid-auto-flow: column;
      grid-auto-columns: minmax(220px, 1fr);
      gap: 0.5rem;
      height: 100%;
      padding: 0.5rem;
      box-sizing: border-box;
    }
    .column {
      display: flex;
      flex-direction: column;
      min-height: 0;
      border-radius: var(--radius-lg);
      background: var(--surface-muted);
    }
    header {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      padding: 0.5rem 0.75rem;
      border-top: 3px solid var(--border-strong);
      border-radius: var(--radius-lg) var(--radius-lg) 0 0;
    }
    [data-status='ai_handling'] header {
      border-top-color: var(--accent);
    }
    [data-status='human_handling'] header {
      border-top-color: var(--warning);
    }
    [data-status='resolved'] header {
      border-top-color: var(--success);
    }
    h3 {
      margin: 0;
      font-size: 0.8125rem;
      font-weight: 600;
    }
    .count {
      padding: 0 0.5rem;
      border-radius: 999px;
      background: var(--surface);
      font-size: 0.75rem;
      color: var(--text-muted);
    }
    .cards {
      flex: 1;
      min-height: 60px;
      overflow-y: auto;
      padding: 0 0.375rem 0.375rem;
    }
    .cards app-conversation-card {
      margin-bottom: 0.375rem;
      border: 1px solid var(--border);
      border-radius: var(--radius);
      cursor: grab;
    }
    .sk {
      margin-bottom: 0.375rem;
    }
    .more {
      width: 100%;
    }
    .cdk-drag-preview {
      box-shadow: var(--shadow);
    }
    .cdk-drag-placeholder {
      opacity: 0.35;
    }
    .cdk-drop-list-dragging app-conversation-card:not(.cdk-drag-placeholder) {
      transition: transform 200ms cubic-bezier(0, 0, 0.2, 1);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationBoard {
  readonly selectedId = input<string | null>(null);
  protected readonly store = inject(ConversationStore);
  private readonly api = inject(ApiService);
  private readonly dialog = inject(MatDialog);
  protected readonly labels = STATUS_LABELS;

  /** Opted Out takes no card; a card stays where it is when dropped on its own column. */
  protected readonly canEnter = (_drag: CdkDrag<ConversationListItem>, drop: CdkDropList<ConversationStatus>) => drop.data !== 'opted_out';

  protected countOf(status: ConversationStatus): string {
    const c = this.store.counts();
    if (!c) return String(this.store.board()[status].items.length);
    return `${c[status]}${c.capped ? '+' : ''}`;
  }

  protected onScroll(event: Event, status: ConversationStatus): void {
    const el = event.target as HTMLElement;
    if (el.scrollTop + el.clientHeight >= el.scrollHeight - 200) this.store.loadMore(status);
  }

  protected async dropped(event: CdkDragDrop<ConversationStatus, ConversationStatus, ConversationListItem>): Promise<void> {
    const card = event.item.data;
    const from = card.status;
    const to = event.container.data;
    if (from === to) return;
    if (from === 'opted_out') {
      this.store.error('This contact opted out; the conversation cannot change status');
      return;
    }
    const name = card.contact.name || card.contact.phone || card.contact.email || 'This conversation';
    if (to === 'human_handling') {
      const reason = await firstValueFrom(this.dialog.open(EscalateDialog, { data: { name }, width: '28rem' }).afterClosed());
      if (!reason) return;
      await this.store.act('Escalate', () => this.api.escalate(card.id, reason));
    } else if (to === 'resolved') {
      await this.store.act('Resolve', () => this.api.resolve(card.id));
    } else if (to === 'ai_handling') {
      if (from === 'resolved') await this.store.act('Reopen', () => this.api.reopen(card.id));
      else await this.store.act('Hand back to the assistant', () => this.api.setAssistant(card.id, 'active'));
    }
  }
}

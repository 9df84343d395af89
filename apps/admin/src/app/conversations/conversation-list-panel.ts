import { ChangeDetectionStrategy, Component, inject, input, viewChild } from '@angular/core';
import { NewConversationDialog } from '../new-conversation/new-conversation.dialog';
import { BulkBar } from './bulk-bar';
import { ConversationBoard } from './conversation-board';
import { ConversationList } from './conversation-list';
import { ConversationStore } from './conversation-store';
import { FilterBar } from './filter-bar';

/** The left column: filters and pills, the bulk bar, then the list or the board. */
@Component({
  selector: 'app-conversation-list-panel',
  imports: [FilterBar, BulkBar, ConversationList, ConversationBoard, NewConversationDialog],
  template: `
    <app-filter-bar (newConversation)="newDialog.open()" />
    <app-new-conversation-dialog #newDialog />
    @if (store.selectedCount() > 0) {
      <app-bulk-bar />
    }
    @if (store.view() === 'board') {
      <app-conversation-board class="body" [selectedId]="selectedId()" />
    } @else {
      <app-conversation-list class="body" [selectedId]="selectedId()" />
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
      height: 100%;
    }
    .body {
      flex: 1;
      min-height: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationListPanel {
  readonly selectedId = input<string | null>(null);
  protected readonly store = inject(ConversationStore);
  private readonly filterBar = viewChild(FilterBar);

  focusSearch(): void {
    this.filterBar()?.focusSearch();
  }
}

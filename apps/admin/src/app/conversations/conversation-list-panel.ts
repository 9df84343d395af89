import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** The left column: filters, views and the conversation list (or board). */
@Component({
  selector: 'app-conversation-list-panel',
  template: `<p class="empty-state">Conversations</p>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationListPanel {
  readonly selectedId = input<string | null>(null);
}

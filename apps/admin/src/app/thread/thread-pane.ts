import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** The middle column: header, thread (messages, notes, activity) and composer of one conversation. */
@Component({
  selector: 'app-thread-pane',
  template: `
    @if (conversationId(); as id) {
      <p class="thread-pane__placeholder">Conversation {{ id }}</p>
    } @else {
      <p class="thread-pane__placeholder">Select a conversation</p>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ThreadPane {
  readonly conversationId = input<string | null>();
}

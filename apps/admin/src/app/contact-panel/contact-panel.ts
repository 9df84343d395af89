import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** The right column: the contact of the open conversation. */
@Component({
  selector: 'app-contact-panel',
  template: `
    @if (conversationId()) {
      <p>Contact</p>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ContactPanel {
  readonly conversationId = input<string | null>();
}

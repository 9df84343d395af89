import { ChangeDetectionStrategy, Component } from '@angular/core';

/** Placeholder: the conversations dashboard ships in a later release. */
@Component({
  selector: 'app-conversations-page',
  template: `
    <h1>Conversations</h1>
    <section class="placeholder">
      <p>The conversations dashboard arrives in a later release.</p>
      <p class="muted">You are signed in; nothing else is available in the admin yet.</p>
    </section>
  `,
  styles: `
    h1 {
      font-size: 1.5rem;
      margin: 0 0 1.25rem;
    }
    .placeholder {
      padding: 2.5rem 1.5rem;
      text-align: center;
      background: var(--surface);
      border: 1px dashed var(--border-strong);
      border-radius: var(--radius-lg);
    }
    .placeholder p {
      margin: 0;
    }
    .placeholder .muted {
      margin-top: 0.5rem;
      color: var(--text-muted);
      font-size: 0.875rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationsPage {}

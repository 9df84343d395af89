import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { MessageView } from '@parley/contracts';
import { AttachmentItem } from './attachment-view';
import { EmailFrame } from './email-frame';
import { inlineContentIds } from './email-html';
import { label, type Side } from './thread-model';

const STATUS_TEXT: Record<string, string> = {
  received: 'Received',
  queued: 'Queued',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Failed',
  bounced: 'Bounced',
};
const STATUS_ICON: Record<string, string> = { queued: '◷', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '!', bounced: '!' };

/** One message of the thread: who, when, what (text, email HTML, attachments), delivery, intent, AI flag. */
@Component({
  selector: 'app-message-bubble',
  imports: [DatePipe, EmailFrame, AttachmentItem],
  template: `
    <article class="bubble" [class.team]="side() === 'team'" [class.ai]="message().author.kind === 'ai'" [attr.aria-label]="ariaLabel()">
      @if (first()) {
        <header>
          <span class="who">{{ author() }}</span>
          @if (message().aiGenerated) {
            <span class="chip ai-flag" title="Written by the AI assistant">AI</span>
          }
          @if (message().intent; as intent) {
            <span class="chip intent" [title]="'Intent: ' + intentLabel()">{{ intentLabel() }}</span>
          }
          <time [attr.datetime]="message().createdAt" [title]="message().createdAt | date: 'medium'">{{ message().createdAt | date: 'shortTime' }}</time>
        </header>
      }
      @if (recipients(); as cc) {
        <p class="recipients" [title]="'Also sent to: ' + cc">cc: {{ cc }}</p>
      }
      <div class="content">
        @if (message().subject) {
          <p class="subject">{{ message().subject }}</p>
        }
        @if (message().html) {
          <app-email-frame [html]="message().html!" [attachments]="message().attachments" />
        } @else if (message().body) {
          <p class="body">{{ message().body }}</p>
        }
        @for (a of listed(); track a.id) {
          <app-attachment [attachment]="a" />
        }
      </div>
      <footer>
        @if (!first()) {
          <time [attr.datetime]="message().createdAt" [title]="message().createdAt | date: 'medium'">{{ message().createdAt | date: 'shortTime' }}</time>
        }
        @if (message().direction === 'outbound') {
          <span
            class="status"
            [class]="'status s-' + message().deliveryStatus"
            [title]="statusTitle()"
            tabindex="0"
            [attr.aria-label]="'Delivery: ' + statusTitle()"
          >
            <span aria-hidden="true">{{ statusIcon() }}</span> {{ statusText() }}
          </span>
          @if (retried()) {
            <span class="retried">Retried below</span>
          } @else if (retryable()) {
            <button
              type="button"
              class="retry"
              [disabled]="retrying()"
              (click)="retry.emit(message())"
              [attr.aria-label]="'Retry sending: ' + (message().error?.message || 'failed')"
            >
              {{ retrying() ? 'Retrying…' : 'Retry' }}
            </button>
          }
        }
      </footer>
      @if (failed() && message().error?.message) {
        <p class="error" role="note">{{ message().error!.message }}</p>
      }
      @if (retryError(); as refusal) {
        <p class="error refusal" role="alert">{{ refusal }}</p>
      }
    </article>
  `,
  styles: `
    :host {
      display: flex;
      padding: 0 1rem;
    }
    .bubble {
      max-width: min(72%, 40rem);
      min-width: 8rem;
      margin-right: auto;
    }
    .bubble.team {
      margin-right: 0;
      margin-left: auto;
    }
    header,
    footer {
      display: flex;
      align-items: center;
      gap: 0.375rem;
      font-size: 0.75rem;
      color: var(--text-muted);
    }
    header {
      margin: 0.5rem 0 0.2rem;
    }
    .team header,
    .team footer {
      justify-content: flex-end;
    }
    footer {
      margin-top: 0.15rem;
      min-height: 1rem;
    }
    .who {
      font-weight: 600;
      color: var(--text);
    }
    .chip {
      padding: 0 0.375rem;
      border-radius: 999px;
      font-size: 0.7rem;
      line-height: 1.1rem;
      background: var(--surface-muted);
      border: 1px solid var(--border);
    }
    .ai-flag {
      color: var(--accent);
      background: var(--accent-soft);
      border-color: transparent;
      font-weight: 600;
    }
    .content {
      padding: 0.5rem 0.75rem;
      border-radius: 12px;
      border-top-left-radius: 4px;
      background: var(--surface);
      border: 1px solid var(--border);
      overflow-wrap: anywhere;
    }
    .team .content {
      border-top-left-radius: 12px;
      border-top-right-radius: 4px;
      background: var(--bubble-team, var(--accent-soft));
      border-color: transparent;
    }
    .team.ai .content {
      background: var(--bubble-ai, var(--surface-muted));
      border-color: var(--border);
    }
    .recipients {
      margin: 0 0 0.2rem;
      font-size: 0.75rem;
      color: var(--text-muted);
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .team .recipients {
      text-align: right;
    }
    .subject {
      margin: 0 0 0.375rem;
      font-weight: 600;
    }
    .body {
      margin: 0;
      white-space: pre-wrap;
    }
    .status {
      display: inline-flex;
      gap: 0.2rem;
    }
    .s-read {
      color: var(--accent);
    }
    .s-failed,
    .s-bounced,
    .error {
      color: var(--danger);
      font-weight: 500;
    }
    .retry {
      padding: 0 0.5rem;
      font-size: 0.75rem;
      line-height: 1.25rem;
      color: var(--danger);
      background: var(--danger-soft);
      border-color: var(--danger);
    }
    .retry:hover:not(:disabled) {
      color: #fff;
      background: var(--danger);
    }
    .retried {
      font-style: italic;
    }
    .error {
      margin: 0.125rem 0 0;
      font-size: 0.75rem;
      text-align: right;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageBubble {
  readonly message = input.required<MessageView>();
  readonly side = input.required<Side>();
  readonly author = input.required<string>();
  /** The first of a run from the same author: shows the label. */
  readonly first = input(true);
  /** A later message names this one in `retryOf`: its Retry is done. */
  readonly retried = input(false);
  readonly retrying = input(false);
  /** The API's refusal of a Retry, in words. */
  readonly retryError = input<string | null>(null);
  readonly retry = output<MessageView>();

  protected readonly failed = computed(() => this.message().deliveryStatus === 'failed' || this.message().deliveryStatus === 'bounced');
  /** Only a failed outbound message can be retried (a bounce was accepted by the provider: the API answers 409). */
  protected readonly retryable = computed(() => this.message().direction === 'outbound' && this.message().deliveryStatus === 'failed');
  protected readonly statusText = computed(() => STATUS_TEXT[this.message().deliveryStatus] ?? this.message().deliveryStatus);
  protected readonly statusIcon = computed(() => STATUS_ICON[this.message().deliveryStatus] ?? '');
  protected readonly statusTitle = computed(() => {
    const m = this.message();
    const e = m.error;
    return e ? `${this.statusText()}: ${e.message}${e.code ? ` (code ${e.code})` : ''}` : this.statusText();
  });
  /** Attachments shown below the message: not the inline parts its HTML already shows in place (`cid:`). */
  protected readonly listed = computed(() => {
    const m = this.message();
    const inline = new Set(inlineContentIds(m.html));
    return inline.size ? m.attachments.filter((a) => !a.contentId || !inline.has(a.contentId.toLowerCase())) : m.attachments;
  });
  /** Email: the other recipients, "Sam <sam@…>, bob@…". */
  protected readonly recipients = computed(() =>
    (this.message().recipients ?? []).map((r) => (r.name && r.name !== r.address ? `${r.name} <${r.address}>` : r.address)).join(', '),
  );
  protected readonly intentLabel = computed(() => label(this.message().intent));
  protected readonly ariaLabel = computed(() => `${this.author()}${this.message().aiGenerated ? ' (AI)' : ''}`);
}

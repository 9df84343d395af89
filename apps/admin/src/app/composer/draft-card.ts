import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal, viewChild } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { DraftView } from '@parley/contracts';
import { ApiService } from '../core/api.service';
import { PromptDialog } from '../thread/prompt-dialog';
import { errorText } from '../thread/thread-store';
import { label } from '../thread/thread-model';

/** An AI draft waiting for approval: Approve, Edit & send, Reject (with a reason). */
@Component({
  selector: 'app-draft-card',
  imports: [DatePipe, FormsModule, PromptDialog],
  template: `
    <section class="draft" [attr.aria-label]="'AI draft waiting for approval'">
      <header>
        <span class="badge">AI draft</span>
        @if (draft().intent) {
          <span class="chip">{{ intent() }}</span>
        }
        <span class="chip" [class]="'chip risk-' + draft().risk">{{ draft().risk }} risk</span>
        @if (showConversation()) {
          <ng-content select="[conversation]" />
        }
        <time class="muted" [attr.datetime]="draft().createdAt">{{ draft().createdAt | date: 'short' }}</time>
      </header>
      @if (draft().reason) {
        <p class="muted reason">Held for approval: {{ draft().reason }}</p>
      }
      @if (editing()) {
        <textarea aria-label="Edit the draft before sending" rows="4" [(ngModel)]="text"></textarea>
      } @else {
        <p class="body">{{ draft().body }}</p>
      }
      @if (error()) {
        <p class="error" role="alert">{{ error() }}</p>
      }
      <div class="actions">
        @if (editing()) {
          <button type="button" [disabled]="busy() || !text.trim()" (click)="approve(text)">Send edited</button>
          <button type="button" class="secondary" [disabled]="busy()" (click)="editing.set(false)">Cancel edit</button>
        } @else {
          <button type="button" [disabled]="busy()" (click)="approve()" aria-label="Approve and send the AI draft">Approve</button>
          <button type="button" class="secondary" [disabled]="busy()" (click)="edit()">Edit &amp; send</button>
          <button type="button" class="secondary reject" [disabled]="busy()" (click)="rejectDialog().open()" aria-label="Reject the AI draft">Reject</button>
        }
      </div>
    </section>
    <app-prompt-dialog
      #reject
      heading="Reject this AI draft?"
      message="Nothing is sent to the contact. The reason helps improve the assistant."
      reasonLabel="Reason (optional)"
      confirmLabel="Reject draft"
      [danger]="true"
      [busy]="busy()"
      [error]="error()"
      (confirmed)="doReject($event)"
    />
  `,
  styles: `
    .draft {
      padding: 0.625rem 0.75rem;
      background: var(--draft-bg, color-mix(in srgb, var(--accent) 7%, var(--surface)));
      border: 1px dashed var(--accent);
      border-radius: var(--radius-lg);
    }
    header,
    .actions {
      display: flex;
      align-items: center;
      gap: 0.375rem;
      flex-wrap: wrap;
    }
    .badge {
      font-weight: 600;
      font-size: 0.8rem;
      color: var(--accent);
    }
    .chip {
      padding: 0 0.375rem;
      font-size: 0.7rem;
      border-radius: 999px;
      background: var(--surface);
      border: 1px solid var(--border);
    }
    .risk-high {
      color: var(--danger);
    }
    .risk-medium {
      color: color-mix(in srgb, #d97706 70%, var(--text));
    }
    .muted {
      margin-left: auto;
      font-size: 0.75rem;
      color: var(--text-muted);
    }
    .reason {
      margin: 0.25rem 0 0;
    }
    .body {
      margin: 0.375rem 0;
      white-space: pre-wrap;
      font-size: 0.9rem;
    }
    textarea {
      width: 100%;
      margin: 0.375rem 0;
      padding: 0.5rem;
      font: inherit;
      font-size: 0.9rem;
      color: var(--text);
      background: var(--surface);
      border: 1px solid var(--border-strong);
      border-radius: var(--radius);
    }
    .actions button {
      padding: 0.25rem 0.75rem;
      font-size: 0.85rem;
    }
    .reject {
      color: var(--danger);
    }
    .error {
      color: var(--danger);
      font-size: 0.8rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DraftCard {
  readonly draft = input.required<DraftView>();
  readonly showConversation = input(false);
  /** The draft as the API answered after a decision. */
  readonly decided = output<DraftView>();

  private readonly api = inject(ApiService);
  protected readonly editing = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly intent = computed(() => label(this.draft().intent));
  protected readonly rejectDialog = viewChild.required<PromptDialog>('reject');
  protected text = '';

  protected edit(): void {
    this.text = this.draft().body;
    this.editing.set(true);
  }

  protected async approve(body?: string): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      const edited = body !== undefined && body.trim() !== this.draft().body ? body.trim() : undefined;
      this.decided.emit(await this.api.approveDraft(this.draft().id, edited));
      this.editing.set(false);
    } catch (err) {
      this.error.set(errorText(err, 'The draft could not be approved'));
    } finally {
      this.busy.set(false);
    }
  }

  protected async doReject(reason: string): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      this.decided.emit(await this.api.rejectDraft(this.draft().id, reason || undefined));
      this.rejectDialog().close();
    } catch (err) {
      this.error.set(errorText(err, 'The draft could not be rejected'));
    } finally {
      this.busy.set(false);
    }
  }
}

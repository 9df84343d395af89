import { ChangeDetectionStrategy, Component, ElementRef, input, output, signal, viewChild } from '@angular/core';
import { FormsModule } from '@angular/forms';

/**
 * A modal confirmation on the native `<dialog>` (focus trapped, Escape cancels), optionally asking for a
 * reason. `open()` shows it; `confirmed` emits the reason ('' when none was asked).
 */
@Component({
  selector: 'app-prompt-dialog',
  imports: [FormsModule],
  template: `
    <dialog #dialog [attr.aria-labelledby]="id + '-title'" (close)="opened.set(false)">
      <form method="dialog" (submit)="submit($event)">
        <h2 [id]="id + '-title'">{{ heading() }}</h2>
        @if (message()) {
          <p>{{ message() }}</p>
        }
        @if (reasonLabel()) {
          <label [for]="id + '-reason'">{{ reasonLabel() }}</label>
          <textarea [id]="id + '-reason'" name="reason" rows="3" [(ngModel)]="reason" [required]="reasonRequired()"></textarea>
        }
        @if (error()) {
          <p class="error" role="alert">{{ error() }}</p>
        }
        <div class="actions">
          <button type="button" class="secondary" (click)="cancel()">Cancel</button>
          <button type="submit" [class.danger]="danger()" [disabled]="busy() || (reasonRequired() && !reason.trim())">{{ confirmLabel() }}</button>
        </div>
      </form>
    </dialog>
  `,
  styles: `
    dialog {
      width: min(28rem, 92vw);
      padding: 1.25rem;
      color: var(--text);
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: var(--radius-lg);
      box-shadow: var(--shadow);
    }
    dialog::backdrop {
      background: rgb(15 20 30 / 0.45);
    }
    h2 {
      margin: 0 0 0.5rem;
      font-size: 1.05rem;
    }
    p {
      margin: 0 0 0.75rem;
      color: var(--text-muted);
      font-size: 0.9rem;
    }
    label {
      display: block;
      font-size: 0.85rem;
      font-weight: 500;
      margin-bottom: 0.25rem;
    }
    textarea {
      width: 100%;
      font: inherit;
      padding: 0.5rem;
      color: var(--text);
      background: var(--surface);
      border: 1px solid var(--border-strong);
      border-radius: var(--radius);
    }
    .error {
      color: var(--danger);
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      gap: 0.5rem;
      margin-top: 1rem;
    }
    button.danger {
      background: var(--danger);
      border-color: var(--danger);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PromptDialog {
  readonly heading = input.required<string>();
  readonly message = input<string>('');
  readonly confirmLabel = input<string>('Confirm');
  readonly reasonLabel = input<string>('');
  readonly reasonRequired = input(false);
  readonly danger = input(false);
  readonly busy = input(false);
  readonly error = input<string | null>(null);
  readonly confirmed = output<string>();

  protected readonly opened = signal(false);
  protected reason = '';
  protected readonly id = `prompt-${Math.random().toString(36).slice(2, 8)}`;
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');

  open(reason = ''): void {
    this.reason = reason;
    const d = this.dialog().nativeElement;
    if (!d.open) d.showModal?.();
    this.opened.set(true);
  }

  close(): void {
    const d = this.dialog().nativeElement;
    if (d.open) d.close();
  }

  protected cancel(): void {
    this.close();
  }

  protected submit(event: Event): void {
    event.preventDefault();
    if (this.reasonRequired() && !this.reason.trim()) return;
    this.confirmed.emit(this.reason.trim());
  }
}

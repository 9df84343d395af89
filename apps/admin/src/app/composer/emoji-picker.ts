import { MatIconModule } from '@angular/material/icon';
import { ChangeDetectionStrategy, Component, output, signal } from '@angular/core';

const EMOJI =
  '😀 😃 😄 😁 😊 🙂 😉 😍 😘 😎 🤔 😐 😕 😢 😭 😡 😅 😂 🙏 👍 👎 👏 🙌 👋 🤝 💪 👀 ✅ ❌ ⚠️ ❗ ❓ 💡 🔧 🛠️ 🏠 🚿 🔥 ❄️ ⏰ 📅 📞 📧 💬 📎 💰 🎉 ❤️ ⭐'.split(
    ' ',
  );

/** A small built-in emoji grid (no library): a button that opens it, each emoji a button. */
@Component({
  selector: 'app-emoji-picker',
  imports: [MatIconModule],
  host: { '(keydown.escape)': 'open.set(false)' },
  template: `
    <button type="button" class="tool" aria-label="Insert emoji" [attr.aria-expanded]="open()" (click)="open.set(!open())">
      <mat-icon svgIcon="mood" aria-hidden="true" />
    </button>
    @if (open()) {
      <div class="grid" role="listbox" aria-label="Emoji">
        @for (e of emoji; track e) {
          <button type="button" role="option" [attr.aria-label]="'Insert ' + e" aria-selected="false" (click)="pick(e)">{{ e }}</button>
        }
      </div>
    }
  `,
  styles: `
    :host {
      position: relative;
    }
    .tool {
      min-width: 2rem;
      padding: 0.2rem 0.4rem;
      color: var(--text);
      background: transparent;
      border: 1px solid transparent;
    }
    .tool:hover:not(:disabled) {
      background: var(--surface-muted);
    }
    .grid {
      position: absolute;
      bottom: calc(100% + 6px);
      left: 0;
      z-index: 20;
      display: grid;
      grid-template-columns: repeat(8, 2rem);
      gap: 2px;
      padding: 0.375rem;
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: var(--radius);
      box-shadow: var(--shadow);
    }
    .grid button {
      padding: 0;
      height: 2rem;
      font-size: 1.1rem;
      background: none;
      border: 0;
      border-radius: 4px;
    }
    .grid button:hover,
    .grid button:focus-visible {
      background: var(--surface-muted);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EmojiPicker {
  readonly picked = output<string>();
  protected readonly open = signal(false);
  protected readonly emoji = EMOJI;

  protected pick(e: string): void {
    this.picked.emit(e);
    this.open.set(false);
  }
}

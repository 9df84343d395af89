import { ChangeDetectionStrategy, Component, ElementRef, booleanAttribute, input, signal, viewChild } from '@angular/core';

let nextId = 0;

/**
 * A small menu button: the trigger toggles a list of actions (`role="menu"`, items are the projected
 * `button[role=menuitem]` elements). Escape or a click outside closes it; arrow keys move between items.
 */
@Component({
  selector: 'app-menu',
  host: {
    '(document:click)': 'outside($event)',
    '(keydown.escape)': 'close(true)',
  },
  template: `
    <button
      #trigger
      type="button"
      class="trigger"
      [class]="triggerClass()"
      [attr.aria-label]="ariaLabel() || null"
      aria-haspopup="menu"
      [attr.aria-expanded]="open()"
      [attr.aria-controls]="menuId"
      (click)="toggle()"
    >
      <ng-content select="[trigger]" />
    </button>
    @if (open()) {
      <div class="menu" role="menu" [id]="menuId" [class.right]="alignRight()" (keydown)="arrows($event)" (click)="close(true)" tabindex="-1">
        <ng-content />
      </div>
    }
  `,
  styles: `
    :host {
      position: relative;
      display: inline-block;
    }
    .menu {
      position: absolute;
      z-index: 20;
      top: calc(100% + 4px);
      left: 0;
      min-width: 14rem;
      max-height: 22rem;
      overflow: auto;
      padding: 0.25rem;
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: var(--radius);
      box-shadow: var(--shadow);
    }
    .menu.right {
      left: auto;
      right: 0;
    }
    .menu ::ng-deep [role='menuitem'] {
      display: block;
      width: 100%;
      padding: 0.4rem 0.6rem;
      text-align: left;
      color: var(--text);
      background: none;
      border: 0;
      border-radius: 4px;
      font-weight: 400;
      font-size: 0.875rem;
    }
    .menu ::ng-deep [role='menuitem']:hover,
    .menu ::ng-deep [role='menuitem']:focus-visible {
      background: var(--surface-muted);
      outline: none;
    }
    .menu ::ng-deep [role='menuitem'].danger {
      color: var(--danger);
    }
    .menu ::ng-deep small {
      display: block;
      color: var(--text-muted);
      font-size: 0.75rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Menu {
  readonly ariaLabel = input<string>('');
  readonly triggerClass = input<string>('secondary');
  readonly alignRight = input(false, { transform: booleanAttribute });
  protected readonly open = signal(false);
  protected readonly menuId = `app-menu-${nextId++}`;
  private readonly host = viewChild.required<ElementRef<HTMLButtonElement>>('trigger');

  toggle(): void {
    this.open.update((o) => !o);
    if (this.open()) queueMicrotask(() => this.items()[0]?.focus());
  }

  close(focusTrigger = false): void {
    if (!this.open()) return;
    this.open.set(false);
    if (focusTrigger) this.host().nativeElement.focus();
  }

  protected outside(event: MouseEvent): void {
    const root = this.host().nativeElement.parentElement;
    if (this.open() && root && !root.contains(event.target as Node)) this.open.set(false);
  }

  protected arrows(event: KeyboardEvent): void {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp' && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    const items = this.items();
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = event.key === 'Home' ? 0 : event.key === 'End' ? items.length - 1 : (at + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
    items[next]?.focus();
  }

  private items(): HTMLElement[] {
    const root = this.host().nativeElement.parentElement;
    return root ? (Array.from(root.querySelectorAll('[role="menuitem"]:not([disabled])')) as HTMLElement[]) : [];
  }
}

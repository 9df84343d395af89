import { ChangeDetectionStrategy, Component, computed, effect, inject, input, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router } from '@angular/router';
import { ContactPanel } from '../contact-panel/contact-panel';
import { ApiService } from '../core/api.service';
import { persisted } from '../core/persisted';
import { ThreadPane } from '../thread/thread-pane';
import { ConversationListPanel } from './conversation-list-panel';
import { ConversationStore } from './conversation-store';
import { ShortcutsDialog } from './dialogs';
import { shortcutFor, type ShortcutAction } from './keyboard';
import { Splitter } from './splitter';
import { ViewsSidebar } from './views-sidebar';

const isWidth = (v: unknown) => typeof v === 'number' && v >= 200 && v <= 1600;

/** Fired on `document` for the shortcuts the thread's composer handles (`r` reply, `n` note). */
export const SHORTCUT_EVENT = 'parley:shortcut';

/**
 * The operator's workspace: views sidebar · conversation list (or board) · thread · contact panel.
 * Every divider drags (or takes arrow keys), the sidebar and the contact panel collapse; sizes are
 * remembered. Built for ≥1280 px screens. Keyboard: j/k/Enter/r/n/e/a/x, "/" search, "?" help.
 */
@Component({
  selector: 'app-conversations-page',
  imports: [ViewsSidebar, ConversationListPanel, ThreadPane, ContactPanel, Splitter, MatButtonModule, MatIconModule, MatTooltipModule],
  providers: [ConversationStore],
  host: { '(document:keydown)': 'onKey($event)' },
  template: `
    <div
      class="workspace"
      [class.board-only]="boardOnly()"
      [style.--list-w.px]="store.view() === 'board' ? boardWidth() : listWidth()"
      [style.--contact-w.px]="contactWidth()"
    >
      <div class="rail">
        <button
          mat-icon-button
          type="button"
          (click)="sidebarOpen.set(!sidebarOpen())"
          [attr.aria-expanded]="sidebarOpen()"
          [attr.aria-label]="sidebarOpen() ? 'Hide views' : 'Show views'"
          [matTooltip]="sidebarOpen() ? 'Hide views' : 'Saved views'"
          matTooltipPosition="right"
        >
          <mat-icon svgIcon="menu" />
        </button>
        <button mat-icon-button type="button" (click)="help()" aria-label="Keyboard shortcuts" matTooltip="Keyboard shortcuts (?)" matTooltipPosition="right">
          <mat-icon svgIcon="keyboard" />
        </button>
      </div>
      @if (sidebarOpen()) {
        <app-views-sidebar class="sidebar" />
      }
      <section class="col list" aria-label="Conversations">
        <app-conversation-list-panel [selectedId]="selectedId()" />
      </section>
      @if (!boardOnly()) {
        @if (store.view() === 'board') {
          <div appSplitter [(size)]="boardWidth" [min]="540" [max]="1400" [defaultSize]="720" aria-label="Resize the board"></div>
        } @else {
          <div appSplitter [(size)]="listWidth" [min]="300" [max]="720" [defaultSize]="380" aria-label="Resize the conversation list"></div>
        }
        <section class="col thread" aria-label="Conversation">
          <app-thread-pane [conversationId]="selectedId()" />
        </section>
        @if (contactOpen()) {
          <div appSplitter edge="end" [(size)]="contactWidth" [min]="260" [max]="520" [defaultSize]="320" aria-label="Resize the contact panel"></div>
        }
        <aside class="col contact" [class.collapsed]="!contactOpen()" aria-label="Contact">
          <button
            mat-icon-button
            type="button"
            class="contact-toggle"
            (click)="contactOpen.set(!contactOpen())"
            [attr.aria-expanded]="contactOpen()"
            [attr.aria-label]="contactOpen() ? 'Hide contact panel' : 'Show contact panel'"
            [matTooltip]="contactOpen() ? 'Hide contact panel' : 'Show contact panel'"
          >
            <mat-icon [svgIcon]="contactOpen() ? 'chevron_right' : 'chevron_left'" />
          </button>
          @if (contactOpen()) {
            <app-contact-panel [conversationId]="selectedId()" />
          }
        </aside>
      }
    </div>
  `,
  styleUrl: './conversations.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationsPage {
  /** The open conversation (`/conversations/:id`). */
  readonly id = input<string>();

  protected readonly store = inject(ConversationStore);
  private readonly api = inject(ApiService);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly listPanel = viewChild(ConversationListPanel);

  protected readonly selectedId = computed(() => this.id() ?? null);
  /** The board with nothing open takes the whole width. */
  protected readonly boardOnly = computed(() => this.store.view() === 'board' && !this.selectedId());
  protected readonly listWidth = persisted('layout.listWidth', 380, isWidth);
  protected readonly boardWidth = persisted('layout.boardWidth', 720, isWidth);
  protected readonly contactWidth = persisted('layout.contactWidth', 320, isWidth);
  protected readonly contactOpen = persisted('layout.contactOpen', true, (v) => typeof v === 'boolean');
  protected readonly sidebarOpen = persisted('layout.sidebarOpen', false, (v) => typeof v === 'boolean');
  readonly shortcutsOn = persisted('shortcuts.enabled', true, (v) => typeof v === 'boolean');

  constructor() {
    // Opening a conversation (click, link, back/forward) moves the keyboard cursor there.
    effect(() => {
      const id = this.selectedId();
      if (id) this.store.activeId.set(id);
    });
  }

  protected onKey(event: KeyboardEvent): void {
    const action = shortcutFor(event, this.shortcutsOn() || event.key === '?');
    if (!action) return;
    if (!this.shortcutsOn() && action !== 'help') return;
    event.preventDefault();
    this.run(action);
  }

  run(action: ShortcutAction): void {
    const open = this.selectedId();
    switch (action) {
      case 'next':
      case 'previous':
        return this.move(action === 'next' ? 1 : -1);
      case 'open': {
        const id = this.store.activeId();
        if (id) void this.router.navigate(['/conversations', id], { queryParamsHandling: 'preserve' });
        return;
      }
      case 'select': {
        const id = this.store.activeId() ?? open;
        if (id) this.store.toggleSelected(id);
        return;
      }
      case 'search':
        return this.listPanel()?.focusSearch();
      case 'help':
        return this.help();
      case 'resolve':
        if (open) void this.store.act('Resolve', () => this.api.resolve(open));
        return;
      case 'assign':
        if (open) void this.store.act('Assign', () => this.api.assign(open, 'me'));
        return;
      case 'reply':
      case 'note':
        return this.compose(action);
    }
  }

  /**
   * r / n: a `parley:shortcut` event first (a composer that handles it calls preventDefault); otherwise
   * press the composer's Reply / Note switch and focus its text area.
   */
  private compose(mode: 'reply' | 'note'): void {
    const event = new CustomEvent(SHORTCUT_EVENT, { detail: mode, cancelable: true });
    if (!document.dispatchEvent(event)) return;
    const composer = document.querySelector('app-composer');
    if (!composer) return;
    const label = mode === 'reply' ? 'Reply' : 'Note';
    const toggle = Array.from(composer.querySelectorAll<HTMLButtonElement>('.modes button')).find((b) => b.textContent?.trim() === label);
    if (toggle && toggle.getAttribute('aria-pressed') !== 'true') toggle.click();
    setTimeout(() => composer.querySelector<HTMLElement>('textarea, [contenteditable="true"]')?.focus());
  }

  protected help(): void {
    if (this.dialog.openDialogs.length) return;
    this.dialog.open(ShortcutsDialog, { data: { enabled: this.shortcutsOn }, width: '26rem' });
  }

  private move(step: 1 | -1): void {
    const cards = this.store.visibleCards();
    if (!cards.length) return;
    const from = this.store.activeId() ?? this.selectedId();
    const i = cards.findIndex((c) => c.id === from);
    const next = i < 0 ? (step > 0 ? 0 : cards.length - 1) : Math.min(cards.length - 1, Math.max(0, i + step));
    const id = cards[next].id;
    this.store.activeId.set(id);
    if (next >= cards.length - 5) this.store.loadMore();
    // Focus follows the cursor, so Enter opens it (the link's own behaviour) and screen readers announce it.
    // A card scrolled out of the rendered range is focused once the virtual list has rendered it.
    const focus = () => document.querySelector<HTMLElement>(`app-conversation-card[data-id="${CSS.escape(id)}"] a.link`);
    const link = focus();
    if (link) link.focus();
    else requestAnimationFrame(() => requestAnimationFrame(() => focus()?.focus()));
  }
}

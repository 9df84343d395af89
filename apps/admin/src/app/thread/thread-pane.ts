import { ScrollingModule, VIRTUAL_SCROLL_STRATEGY } from '@angular/cdk/scrolling';
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, forwardRef, inject, input, output, signal, untracked, viewChild } from '@angular/core';
import { Composer } from '../composer/composer';
import { DraftCard } from '../composer/draft-card';
import { threadShortcut } from '../composer/keyboard';
import { ActivityList } from './activity-list';
import { MeasuredScrollStrategy } from './measured-scroll';
import { MessageBubble } from './message-bubble';
import { ThreadHeader } from './thread-header';
import type { MessageView } from '@parley/contracts';
import type { ThreadItem } from './thread-model';
import { ThreadStore } from './thread-store';

/**
 * The middle column: the open conversation's header, its thread (messages and internal notes, virtual
 * scrolled) or its Activity timeline, a pending AI draft, and the composer. Live frames apply as they come.
 * Keys (outside text fields): r reply, n note, e resolve, a assign to me.
 */
@Component({
  selector: 'app-thread-pane',
  imports: [ScrollingModule, DatePipe, ThreadHeader, MessageBubble, ActivityList, DraftCard, Composer],
  providers: [ThreadStore, { provide: VIRTUAL_SCROLL_STRATEGY, useFactory: (pane: ThreadPane) => pane.scroll, deps: [forwardRef(() => ThreadPane)] }],
  host: { '(document:keydown)': 'shortcut($event)' },
  templateUrl: './thread-pane.html',
  styleUrl: './thread-pane.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ThreadPane {
  readonly conversationId = input<string | null>();
  /** The conversation was deleted from its options menu: the host may close the pane. */
  readonly deleted = output<string>();

  protected readonly store = inject(ThreadStore);
  protected readonly tab = signal<'thread' | 'activity'>('thread');
  readonly scroll = new MeasuredScrollStrategy(
    () => this.store.items().map((i) => i.key),
    76,
    800,
    (key) => key.startsWith('day:'),
  );
  private readonly header = viewChild(ThreadHeader);
  private readonly composer = viewChild(Composer);
  protected readonly skeleton = [0, 1, 2, 3];
  protected readonly empty = computed(() => !this.store.loading() && !this.store.items().length);

  constructor() {
    this.scroll.onNearStart = () => void this.store.loadOlder();
    effect(() => {
      const id = this.conversationId() ?? null;
      untracked(() => {
        this.tab.set('thread');
        this.scroll.scrollToEnd();
        this.store.open(id);
      });
    });
    // Opening a conversation reads it.
    effect(() => {
      const c = this.store.conversation();
      if (c?.unread) untracked(() => void this.store.markRead(c.id));
    });
  }

  protected trackKey = (_: number, item: ThreadItem) => item.key;

  protected shortcut(event: KeyboardEvent): void {
    if (!this.store.conversation()) return;
    const action = threadShortcut(event);
    if (!action) return;
    event.preventDefault();
    if (action === 'reply' || action === 'note') {
      this.tab.set('thread');
      this.composer()?.focus(action);
    } else if (action === 'resolve') this.header()?.resolve();
    else if (action === 'assign') this.header()?.assignToMe();
  }

  protected retry(m: MessageView): void {
    void this.store.retry(m);
  }

  protected selectTab(tab: 'thread' | 'activity'): void {
    this.tab.set(tab);
    if (tab === 'thread') queueMicrotask(() => this.scroll.scrollToEnd());
  }
}

import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, output, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatChipsModule } from '@angular/material/chips';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { firstValueFrom } from 'rxjs';
import { SaveViewDialog } from './dialogs';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTooltipModule } from '@angular/material/tooltip';
import { CHANNEL_KINDS, CONVERSATION_STATUSES, REPLY_STATES, type ChannelKind, type ConversationStatus, type ReplyState } from '@parley/contracts';
import { ConversationStore } from './conversation-store';
import { CHANNEL_LABELS, REPLY_STATE_LABELS, STATUS_HINTS, STATUS_LABELS, filterPills, hasActiveFilters } from './filters';
import { SavedViews } from './saved-views.service';

/** Search, List/Board, channel and archive tabs, the filter panel, and the active filters as pills. */
@Component({
  selector: 'app-filter-bar',
  imports: [
    MatButtonModule,
    MatButtonToggleModule,
    MatChipsModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    MatSlideToggleModule,
    MatTooltipModule,
  ],
  templateUrl: './filter-bar.html',
  styleUrl: './filter-bar.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FilterBar {
  /** "New" pressed: the panel opens the New conversation dialog. */
  readonly newConversation = output<void>();
  protected readonly store = inject(ConversationStore);
  protected readonly saved = inject(SavedViews);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  protected readonly channels = CHANNEL_KINDS;
  protected readonly statuses = CONVERSATION_STATUSES;
  protected readonly replyStates = REPLY_STATES;
  protected readonly channelLabels = CHANNEL_LABELS;
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly statusHints = STATUS_HINTS;
  protected readonly replyLabels = REPLY_STATE_LABELS;

  protected readonly f = this.store.filters;
  protected readonly search = signal(this.f().q);
  protected readonly panelOpen = signal(false);
  protected readonly pills = computed(() => filterPills(this.f(), (id) => this.store.userName(id)));
  protected readonly statusSummary = computed(() =>
    this.f()
      .status.map((s) => STATUS_LABELS[s])
      .join(', '),
  );
  protected readonly activeCount = computed(() =>
    hasActiveFilters(this.f()) ? this.pills().filter((p) => !['q', 'archived', 'group', 'channel'].includes(p.key)).length : 0,
  );
  private readonly searchInput = viewChild<ElementRef<HTMLInputElement>>('searchInput');
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  /** The search text this box last put in the URL. */
  private sent = this.f().q;

  constructor() {
    // The URL wins when something else changed it (back/forward, a pill removed, a saved view); the
    // echo of what this box sent is ignored, so text typed meanwhile is never overwritten.
    effect(() => {
      const q = this.f().q;
      if (q.trim() === this.sent.trim()) return;
      this.sent = q;
      this.search.set(q);
    });
  }

  focusSearch(): void {
    const el = this.searchInput()?.nativeElement;
    el?.focus();
    el?.select();
  }

  protected onSearch(value: string): void {
    this.search.set(value);
    if (this.searchTimer) clearTimeout(this.searchTimer);
    // The first pause of a search adds a history entry; later pauses refine it in place.
    const replaceUrl = !!this.f().q.trim() && !!value.trim();
    this.searchTimer = setTimeout(() => this.send(value, replaceUrl), 300);
  }

  protected submitSearch(event: Event): void {
    event.preventDefault();
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.send(this.search(), false);
  }

  private send(q: string, replaceUrl: boolean): void {
    this.searchTimer = null;
    this.sent = q;
    this.store.patchFilters({ q }, { replaceUrl });
  }

  protected clearSearch(): void {
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.search.set('');
    this.send('', false);
  }

  protected setChannel(value: ChannelKind | 'all'): void {
    this.store.patchFilters({ channel: value === 'all' ? null : value });
  }

  protected setStatus(values: ConversationStatus[]): void {
    this.store.patchFilters({ status: values });
  }

  protected setAssignees(values: string[]): void {
    this.store.patchFilters({ assignee: values });
  }

  protected setReply(values: ReplyState[]): void {
    this.store.patchFilters({ replyState: values });
  }

  protected setDate(which: 'from' | 'to', value: string): void {
    this.store.patchFilters({ [which]: /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null });
  }

  protected clearAll(): void {
    const f = this.f();
    this.store.setFilters({ ...f, status: [], assignee: [], from: null, to: null, unread: false, requiresAction: false, replyState: [], q: '' });
  }

  protected async saveView(): Promise<void> {
    const ref = this.dialog.open(SaveViewDialog, { data: { name: this.pills()[0]?.label ?? 'My view' }, width: '24rem' });
    const name = await firstValueFrom(ref.afterClosed());
    if (name) {
      this.saved.save(name, this.f());
      this.snack.open(`Saved “${name}” in the views sidebar`, undefined, { duration: 3000 });
    }
  }

  protected countOf(status: ConversationStatus): string {
    const c = this.store.counts();
    if (!c) return '';
    return `${c[status]}${c.capped ? '+' : ''}`;
  }
}

import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ApiService } from '../core/api.service';
import { ConversationStore } from './conversation-store';

/** Shown while conversations are selected: assign, resolve, archive, mark read — on all of them. */
@Component({
  selector: 'app-bulk-bar',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, MatTooltipModule],
  template: `
    <span class="count" aria-live="polite">{{ store.selectedCount() }} selected</span>
    <button mat-icon-button type="button" [matMenuTriggerFor]="assignMenu" aria-label="Assign selected" matTooltip="Assign">
      <mat-icon svgIcon="person_add" />
    </button>
    <mat-menu #assignMenu="matMenu">
      <button mat-menu-item type="button" (click)="assign('me')">Me</button>
      @for (u of store.users(); track u.id) {
        @if (u.id !== store.meId()) {
          <button mat-menu-item type="button" (click)="assign(u.id)">{{ u.name }}</button>
        }
      }
      <button mat-menu-item type="button" (click)="unassign()">Unassign</button>
    </mat-menu>
    <button mat-icon-button type="button" aria-label="Resolve selected" matTooltip="Resolve" (click)="resolve()">
      <mat-icon svgIcon="check_circle" />
    </button>
    @if (store.filters().archived) {
      <button mat-icon-button type="button" aria-label="Unarchive selected" matTooltip="Unarchive" (click)="unarchive()">
        <mat-icon svgIcon="undo" />
      </button>
    } @else {
      <button mat-icon-button type="button" aria-label="Archive selected" matTooltip="Archive" (click)="archive()">
        <mat-icon svgIcon="archive" />
      </button>
    }
    <button mat-icon-button type="button" aria-label="Mark selected as read" matTooltip="Mark as read" (click)="markRead()">
      <mat-icon svgIcon="done_all" />
    </button>
    <span class="spacer"></span>
    <button mat-button type="button" (click)="store.selectAll()">Select all</button>
    <button mat-icon-button type="button" aria-label="Clear selection" matTooltip="Clear selection" (click)="store.clearSelection()">
      <mat-icon svgIcon="close" />
    </button>
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      gap: 0.125rem;
      padding: 0.125rem 0.25rem 0.125rem 0.75rem;
      background: var(--accent-soft);
      color: var(--on-accent-soft);
      border-bottom: 1px solid var(--border);
      font-size: 0.8125rem;
    }
    .count {
      font-weight: 600;
      margin-right: 0.25rem;
    }
    .spacer {
      flex: 1;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BulkBar {
  protected readonly store = inject(ConversationStore);
  private readonly api = inject(ApiService);

  protected assign(userId: string): Promise<void> {
    return this.store.bulk('Assigned', (id) => this.api.assign(id, userId));
  }
  protected unassign(): Promise<void> {
    return this.store.bulk('Unassigned', (id) => this.api.unassign(id));
  }
  protected resolve(): Promise<void> {
    return this.store.bulk('Resolved', (id) => this.api.resolve(id));
  }
  protected archive(): Promise<void> {
    return this.store.bulk('Archived', (id) => this.api.archive(id));
  }
  protected unarchive(): Promise<void> {
    return this.store.bulk('Unarchived', (id) => this.api.unarchive(id));
  }
  protected markRead(): Promise<void> {
    return this.store.bulk('Marked as read', (id) => this.api.markRead(id));
  }
}

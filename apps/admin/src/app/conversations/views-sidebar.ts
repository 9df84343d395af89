import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTooltipModule } from '@angular/material/tooltip';
import { AttentionService } from '../core/attention.service';
import { ConversationStore } from './conversation-store';
import { filtersToQueryString, parseFilters, parseQueryString } from './filters';
import { BUILT_IN_VIEWS, SavedViews, type SavedView } from './saved-views.service';

/** The sidebar: built-in and saved views (each one a set of filters), and the alert sound switch. */
@Component({
  selector: 'app-views-sidebar',
  imports: [MatButtonModule, MatIconModule, MatSlideToggleModule, MatTooltipModule],
  template: `
    <nav aria-label="Views">
      <h2>Views</h2>
      <ul>
        @for (v of builtIn; track v.id) {
          <li>
            <button type="button" class="plain view" [class.current]="isCurrent(v)" [attr.aria-current]="isCurrent(v) ? 'true' : null" (click)="open(v)">
              {{ v.name }}
            </button>
          </li>
        }
      </ul>
      <h2>Saved views</h2>
      @if (saved.views().length) {
        <ul>
          @for (v of saved.views(); track v.id) {
            <li class="saved">
              <button type="button" class="plain view" [class.current]="isCurrent(v)" [attr.aria-current]="isCurrent(v) ? 'true' : null" (click)="open(v)">
                <mat-icon svgIcon="bookmark" aria-hidden="true" />{{ v.name }}
              </button>
              <button mat-icon-button type="button" class="remove" [attr.aria-label]="'Delete saved view ' + v.name" (click)="saved.remove(v.id)">
                <mat-icon svgIcon="close" />
              </button>
            </li>
          }
        </ul>
      } @else {
        <p class="none">Filter the list, then “Save view”. Saved in this browser.</p>
      }
    </nav>
    <div class="footer">
      <mat-slide-toggle [checked]="attention.soundOn()" (change)="attention.soundOn.set($event.checked)">Sound on escalations</mat-slide-toggle>
    </div>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      justify-content: space-between;
      height: 100%;
      padding: 0.75rem 0.5rem;
      background: var(--bg);
      border-right: 1px solid var(--border);
      overflow: auto;
      font-size: 0.8125rem;
    }
    h2 {
      margin: 0.75rem 0.5rem 0.25rem;
      font-size: 0.6875rem;
      font-weight: 600;
      letter-spacing: 0.04em;
      text-transform: uppercase;
      color: var(--text-muted);
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .view {
      display: flex;
      align-items: center;
      gap: 0.375rem;
      width: 100%;
      padding: 0.375rem 0.5rem;
      border: 0;
      border-radius: var(--radius);
      background: none;
      color: var(--text);
      font: inherit;
      text-align: left;
      cursor: pointer;
    }
    .view:hover {
      background: var(--surface-muted);
    }
    .view:focus-visible {
      outline: 2px solid var(--accent);
    }
    .view.current {
      background: var(--accent-soft);
      color: var(--on-accent-soft);
      font-weight: 600;
    }
    .view mat-icon {
      width: 14px;
      height: 14px;
      flex: none;
    }
    .saved {
      display: flex;
      align-items: center;
    }
    .remove {
      --mat-icon-button-state-layer-size: 28px;
      padding: 4px;
      flex: none;
    }
    .remove mat-icon {
      width: 16px;
      height: 16px;
    }
    .none {
      margin: 0 0.5rem;
      color: var(--text-muted);
      font-size: 0.75rem;
    }
    .footer {
      padding: 0.5rem;
      font-size: 0.75rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ViewsSidebar {
  protected readonly store = inject(ConversationStore);
  protected readonly saved = inject(SavedViews);
  protected readonly attention = inject(AttentionService);
  protected readonly builtIn = BUILT_IN_VIEWS;
  private readonly current = computed(() => filtersToQueryString({ ...this.store.filters(), groupBy: null }));

  protected isCurrent(v: SavedView): boolean {
    return filtersToQueryString({ ...parseFilters(parseQueryString(v.query)), groupBy: null }) === this.current();
  }

  protected open(v: SavedView): void {
    const f = parseFilters(parseQueryString(v.query));
    this.store.setFilters({ ...f, groupBy: this.store.filters().groupBy });
  }
}

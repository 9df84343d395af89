import { DatePipe } from '@angular/common';
import { MatIconModule } from '@angular/material/icon';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { TimelineEventView } from '@parley/contracts';
import { describeTimeline } from './thread-model';

const ICONS: Record<string, string> = {
  'status.changed': 'refresh',
  assigned: 'person',
  unassigned: 'person',
  escalated: 'warning',
  resolved: 'check_circle',
  reopened: 'undo',
  archived: 'archive',
  unarchived: 'undo',
  'booking.created': 'event',
  'booking.cancelled': 'event',
  'ai.decision': 'smart_toy',
  'draft.created': 'smart_toy',
  'draft.approved': 'check',
  'draft.rejected': 'close',
  'activity.logged': 'linkedin',
  'message.received': 'email',
  'message.sent': 'send',
  'note.added': 'note',
  'sla.breached': 'schedule',
  'assistant.changed': 'smart_toy',
  'contact.ai_paused': 'pause',
  'contact.ai_resumed': 'play_arrow',
  'contact.undeliverable': 'error',
  'contact.merged': 'group',
  'campaign.enrolled': 'campaign',
};

/** The conversation's timeline: every state change, AI decisions with their reasons, bookings, touchpoints. */
@Component({
  selector: 'app-activity-list',
  imports: [DatePipe, MatIconModule],
  template: `
    @if (hasEarlier()) {
      <button type="button" class="secondary earlier" [disabled]="loadingEarlier()" (click)="earlier.emit()">
        {{ loadingEarlier() ? 'Loading earlier activity…' : 'Show earlier activity' }}
      </button>
    }
    @if (events().length) {
      <ol>
        @for (e of events(); track e.id) {
          <li [class]="'t-' + e.type.replace('.', '-')">
            <span class="icon" aria-hidden="true"><mat-icon [svgIcon]="icon(e.type)" /></span>
            <div>
              <p>{{ text(e) }}</p>
              @if (e.type === 'ai.decision') {
                <p class="detail">
                  @if (e.data['intent']) {
                    intent {{ e.data['intent'] }}
                  }
                  @if (e.data['confidence'] !== undefined) {
                    · confidence {{ e.data['confidence'] }}
                  }
                  @if (e.data['risk']) {
                    · risk {{ e.data['risk'] }}
                  }
                  @if (e.data['riskReasons']) {
                    ({{ reasons(e.data['riskReasons']) }})
                  }
                </p>
              }
              <time [attr.datetime]="e.createdAt">{{ e.createdAt | date: 'medium' }}</time>
            </div>
          </li>
        }
      </ol>
    } @else {
      <p class="empty">No activity yet.</p>
    }
  `,
  styles: `
    :host {
      display: block;
      height: 100%;
      overflow: auto;
      padding: 1rem;
    }
    .earlier {
      display: block;
      margin: 0 auto 0.75rem;
      font-size: 0.8rem;
    }
    ol {
      margin: 0;
      padding: 0;
      list-style: none;
      border-left: 2px solid var(--border);
    }
    li {
      display: flex;
      gap: 0.5rem;
      padding: 0.375rem 0 0.375rem 0.75rem;
      margin-left: -0.75rem;
    }
    .icon {
      display: inline-grid;
      place-items: center;
      flex: none;
      width: 1.4rem;
      height: 1.4rem;
      font-size: 0.75rem;
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: 50%;
    }
    .icon mat-icon {
      width: 14px;
      height: 14px;
    }
    p {
      margin: 0;
      font-size: 0.875rem;
    }
    .detail,
    time,
    .empty {
      font-size: 0.75rem;
      color: var(--text-muted);
    }
    .t-escalated p:first-child,
    .t-contact-undeliverable p:first-child,
    .t-sla-breached p:first-child {
      color: color-mix(in srgb, #d97706 70%, var(--text));
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ActivityList {
  /** Oldest first; the API pages the timeline newest first, so earlier entries come on request. */
  readonly events = input.required<readonly TimelineEventView[]>();
  readonly hasEarlier = input(false);
  readonly loadingEarlier = input(false);
  readonly earlier = output<void>();
  protected text = describeTimeline;
  protected icon(type: string): string {
    return ICONS[type] ?? 'history';
  }
  protected reasons(v: unknown): string {
    return Array.isArray(v) ? v.join(', ') : String(v);
  }
}

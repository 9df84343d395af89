import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import type { ConversationListItem } from '@parley/contracts';
import { CHANNEL_ICONS, CHANNEL_LABELS, STATUS_LABELS } from './filters';
import { Clock, RelativeTimePipe } from './relative-time';

export function initials(name: string | null | undefined): string {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (!parts.length) return '?';
  return (parts[0][0] + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}

/** One conversation in the list or on the board. The name links to it; the checkbox selects it for bulk actions. */
@Component({
  selector: 'app-conversation-card',
  imports: [RouterLink, MatCheckboxModule, MatIconModule, MatTooltipModule, RelativeTimePipe],
  host: {
    class: 'card',
    role: 'listitem',
    '[class.open]': 'open()',
    '[class.active]': 'active()',
    '[class.unread]': 'card().unread',
    '[class.checked]': 'checked()',
    '[attr.data-id]': 'card().id',
  },
  template: `
    @let c = card();
    <mat-checkbox class="select" [checked]="checked()" (change)="checkedChange.emit($event.checked)" [aria-label]="'Select conversation with ' + name()" />
    <a class="link" [routerLink]="['/conversations', c.id]" queryParamsHandling="preserve" [attr.aria-current]="open() ? 'page' : null">
      <span class="row top">
        <mat-icon class="channel" [svgIcon]="channelIcon()" [attr.aria-label]="channelLabel()" role="img" aria-hidden="false" />
        <span class="name">{{ name() }}</span>
        @if (c.conversationCount && c.conversationCount > 1) {
          <span class="count" [attr.aria-label]="c.conversationCount + ' conversations'">{{ c.conversationCount }}</span>
        }
        <time class="time" [attr.datetime]="c.lastActivityAt" [title]="c.lastActivityAt">{{ c.lastActivityAt | relativeTime: clock.now() }}</time>
        @if (c.unread) {
          <span class="dot" role="img" aria-label="Unread"></span>
        }
      </span>
      @if (c.contact.phone || (c.contact.email && c.contact.name)) {
        <span class="row sub">{{ c.contact.phone || c.contact.email }}</span>
      }
      <span class="row preview">{{ c.lastMessagePreview || 'No messages yet' }}</span>
    </a>
    <span class="row meta">
      @if (showStatus()) {
        <span class="status" [attr.data-status]="c.status">{{ statusLabel() }}</span>
      }
      @if (c.escalationReason) {
        <mat-icon
          class="warn"
          svgIcon="warning"
          [matTooltip]="'Escalated: ' + c.escalationReason"
          tabindex="0"
          [attr.aria-label]="'Escalated: ' + c.escalationReason"
          role="img"
          aria-hidden="false"
        />
      }
      @if (c.requiresAction) {
        <mat-icon
          class="action"
          svgIcon="flag"
          [matTooltip]="c.slaBreachedAt ? 'Requires action (waiting past the SLA)' : 'Requires action'"
          tabindex="0"
          aria-label="Requires action"
          role="img"
          aria-hidden="false"
        />
      }
      @if (c.deliveryFailed) {
        <mat-icon
          class="failed"
          svgIcon="error"
          matTooltip="The last message was not delivered"
          tabindex="0"
          aria-label="Delivery failed"
          role="img"
          aria-hidden="false"
        />
      }
      @for (b of c.bookings; track b.id) {
        <span
          class="badge booking"
          [class.cancelled]="b.status === 'cancelled'"
          [matTooltip]="'Booking ' + b.externalId + (b.status === 'cancelled' ? ' (cancelled)' : '')"
        >
          <mat-icon svgIcon="event" aria-hidden="true" />{{ b.jobType }}
        </span>
      }
      @if (c.campaign) {
        <span class="badge campaign" [matTooltip]="'Campaign: ' + c.campaign.name"
          ><mat-icon svgIcon="campaign" aria-hidden="true" />{{ c.campaign.name }}</span
        >
      }
      <span class="spacer"></span>
      @if (c.assignee) {
        <span class="avatar" [matTooltip]="'Assigned to ' + c.assignee.name" role="img" [attr.aria-label]="'Assigned to ' + c.assignee.name">{{
          assigneeInitials()
        }}</span>
      }
    </span>
  `,
  styleUrl: './conversation-card.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationCard {
  readonly card = input.required<ConversationListItem>();
  /** It is the open conversation. */
  readonly open = input(false);
  /** It has the keyboard cursor (j/k). */
  readonly active = input(false);
  readonly checked = input(false);
  readonly showStatus = input(true);
  readonly checkedChange = output<boolean>();

  protected readonly clock = inject(Clock);
  protected readonly name = computed(() => {
    const c = this.card().contact;
    return c.name || c.phone || c.email || 'Unknown contact';
  });
  protected readonly channelIcon = computed(() => CHANNEL_ICONS[this.card().channel] ?? 'chat');
  protected readonly channelLabel = computed(() => CHANNEL_LABELS[this.card().channel] ?? this.card().channel);
  protected readonly statusLabel = computed(() => STATUS_LABELS[this.card().status]);
  protected readonly assigneeInitials = computed(() => initials(this.card().assignee?.name));
}

import { MatIconModule } from '@angular/material/icon';
import { ChangeDetectionStrategy, Component, computed, inject, output, signal, viewChild } from '@angular/core';
import type { AssistantState, ConversationView } from '@parley/contracts';
import { ApiService } from '../core/api.service';
import { AuthService } from '../auth/auth.service';
import { Menu } from './menu';
import { PromptDialog } from './prompt-dialog';
import { ThreadStore, errorText } from './thread-store';
import { label } from './thread-model';

export const ASSISTANT_STATES_TEXT: Record<AssistantState, { label: string; meaning: string; dot: string }> = {
  active: { label: 'Assistant active', meaning: 'The assistant replies normally in this conversation.', dot: 'ok' },
  paused: { label: 'Assistant paused', meaning: 'The assistant stays quiet: you take over and reply yourself.', dot: 'warn' },
  blocked: { label: 'User blocked', meaning: 'The contact can no longer interact with the assistant.', dot: 'bad' },
};

export const STATUS_TEXT: Record<string, string> = {
  ai_handling: 'AI handling',
  human_handling: 'Human handling',
  resolved: 'Resolved',
  opted_out: 'Opted out',
};

/** The thread's header: who and where, status, assignee, escalate/resolve, the assistant control, bookings, campaign, options. */
@Component({
  selector: 'app-thread-header',
  imports: [Menu, PromptDialog, MatIconModule],
  template: `
    @if (store.conversation(); as c) {
      <div class="row">
        <div class="title">
          <h2>{{ c.contact.name || c.contact.phone || c.contact.email || 'Unknown contact' }}</h2>
          <span class="sub"
            >{{ c.channelAccount.name }} · {{ channelLabel(c) }}
            @if (c.channel === 'email' && c.reference) {
              ·
              <span class="reference" title="The conversation's reference: customers may quote it">#{{ c.reference }}</span>
              <button
                type="button"
                class="copy-ref"
                [attr.aria-label]="refCopied() ? 'Reference copied' : 'Copy reference #' + c.reference"
                [title]="refCopied() ? 'Copied' : 'Copy reference'"
                (click)="copyReference(c.reference)"
              >
                <mat-icon [svgIcon]="refCopied() ? 'check' : 'content_copy'" aria-hidden="true" />
              </button>
            }
          </span>
        </div>
        <span class="status" [class]="'status st-' + c.status">{{ statusText(c) }}</span>
        @if (c.escalationReason && c.status === 'human_handling') {
          <span class="escalation" [title]="'Escalated: ' + c.escalationReason" tabindex="0" [attr.aria-label]="'Escalation reason: ' + c.escalationReason"
            ><mat-icon svgIcon="warning" aria-hidden="true" /> {{ c.escalationReason }}</span
          >
        }
        <div class="actions">
          <app-menu [ariaLabel]="assigneeLabel(c)" alignRight>
            <span trigger>{{ c.assignee ? 'Reassign · ' + c.assignee.name : 'Assign' }} ▾</span>
            @if (me(); as meId) {
              @if (c.assignee?.id !== meId) {
                <button type="button" role="menuitem" (click)="assign('me')">Assign to me</button>
              }
            }
            @for (u of store.users(); track u.id) {
              @if (u.id !== c.assignee?.id && u.id !== me()) {
                <button type="button" role="menuitem" (click)="assign(u.id)">{{ c.assignee ? 'Reassign to' : 'Assign to' }} {{ u.name }}</button>
              }
            }
            @if (c.assignee) {
              <button type="button" role="menuitem" (click)="unassign()">Unassign {{ c.assignee.name }}</button>
            }
          </app-menu>
          @if (c.status !== 'resolved' && c.status !== 'opted_out') {
            @if (c.status !== 'human_handling') {
              <button type="button" class="secondary" (click)="escalateDialog().open()" aria-label="Escalate to a human">Escalate</button>
            }
            <button type="button" (click)="resolve()" aria-label="Resolve conversation">Resolve</button>
          } @else if (c.status === 'resolved') {
            <button type="button" class="secondary" (click)="run(api.reopen(c.id))" aria-label="Reopen conversation">Reopen</button>
          }
          <app-menu ariaLabel="Conversation options" alignRight>
            <mat-icon trigger svgIcon="more_vert" aria-hidden="true" />
            <button type="button" role="menuitem" (click)="run(c.unread ? api.markRead(c.id) : api.markUnread(c.id))">
              Mark as {{ c.unread ? 'read' : 'unread' }}
            </button>
            <button type="button" role="menuitem" (click)="run(c.archived ? api.unarchive(c.id) : api.archive(c.id))">
              {{ c.archived ? 'Unarchive' : 'Archive' }}
            </button>
            <button type="button" role="menuitem" class="danger" (click)="deleteDialog().open()">Delete conversation…</button>
          </app-menu>
        </div>
      </div>
      <div class="row meta">
        <app-menu [ariaLabel]="'Assistant control: ' + assistant(c).label + '. ' + assistant(c).meaning">
          <span trigger><span [class]="'dot ' + assistant(c).dot" aria-hidden="true"></span> {{ assistant(c).label }} ▾</span>
          @for (s of assistantStates; track s) {
            <button type="button" role="menuitem" (click)="setAssistant(s)" [attr.aria-current]="c.assistantState === s">
              <span [class]="'dot ' + states[s].dot" aria-hidden="true"></span> {{ states[s].label }}
              <small>{{ states[s].meaning }}</small>
            </button>
          }
        </app-menu>
        <span class="hint">{{ assistant(c).meaning }}</span>
        @if (c.campaign) {
          <span class="chip campaign" [title]="'Started by campaign ' + c.campaign.name"
            ><mat-icon svgIcon="campaign" aria-hidden="true" /> {{ c.campaign.name }}</span
          >
        }
        @for (b of c.bookings; track b.id) {
          @if (b.url) {
            <a
              class="chip booking"
              [class.cancelled]="b.status === 'cancelled'"
              [href]="b.url"
              target="_blank"
              rel="noopener noreferrer"
              [attr.aria-label]="'Open booking ' + b.externalId + ' (' + b.jobType + ') in the CRM'"
              ><mat-icon svgIcon="event" aria-hidden="true" /> {{ b.jobType }} · {{ b.externalId }}</a
            >
          } @else {
            <span class="chip booking" [class.cancelled]="b.status === 'cancelled'"
              ><mat-icon svgIcon="event" aria-hidden="true" /> {{ b.jobType }} · {{ b.externalId }}</span
            >
          }
        }
      </div>
      @if (error()) {
        <p class="error" role="alert">{{ error() }} <button type="button" class="link" (click)="error.set(null)" aria-label="Dismiss error">✕</button></p>
      }
      <app-prompt-dialog
        #escalate
        heading="Escalate to a human"
        message="The conversation moves to Human Handling and the assistant stops answering. Operators see the reason on the card."
        reasonLabel="Reason"
        [reasonRequired]="true"
        confirmLabel="Escalate"
        [busy]="busy()"
        [error]="dialogError()"
        (confirmed)="doEscalate($event)"
      />
      <app-prompt-dialog
        #remove
        heading="Delete this conversation?"
        message="This is irreversible: the conversation, all its messages, notes and files are erased for everyone. Archive it instead if you may need it later."
        confirmLabel="Delete permanently"
        [danger]="true"
        [busy]="busy()"
        [error]="dialogError()"
        (confirmed)="doDelete()"
      />
    }
  `,
  styles: `
    :host {
      display: block;
      padding: 0.75rem 1rem 0.5rem;
      border-bottom: 1px solid var(--border);
      background: var(--surface);
    }
    .row {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
    .meta {
      margin-top: 0.5rem;
      font-size: 0.85rem;
    }
    .title {
      min-width: 0;
      margin-right: 0.25rem;
    }
    h2 {
      margin: 0;
      font-size: 1.05rem;
      line-height: 1.3;
    }
    .sub,
    .hint {
      font-size: 0.75rem;
      color: var(--text-muted);
    }
    .reference {
      font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
      letter-spacing: 0.02em;
      user-select: all;
    }
    .copy-ref {
      display: inline-grid;
      place-items: center;
      vertical-align: middle;
      width: 1.25rem;
      height: 1.25rem;
      margin-left: 0.125rem;
      padding: 0;
      color: var(--text-muted);
      background: none;
      border: 0;
      border-radius: 4px;
      cursor: pointer;
    }
    .copy-ref:hover,
    .copy-ref:focus-visible {
      color: var(--text);
      background: var(--surface-muted);
    }
    .copy-ref mat-icon {
      width: 14px;
      height: 14px;
    }
    .actions {
      display: flex;
      gap: 0.375rem;
      margin-left: auto;
      align-items: center;
    }
    .actions > button {
      padding: 0.3125rem 0.75rem;
      font-size: 0.875rem;
    }
    .status,
    .chip {
      padding: 0.05rem 0.5rem;
      border-radius: 999px;
      font-size: 0.75rem;
      font-weight: 500;
      background: var(--surface-muted);
      border: 1px solid var(--border);
      white-space: nowrap;
    }
    .st-ai_handling {
      color: color-mix(in srgb, #0891b2 70%, var(--text));
    }
    .st-human_handling {
      color: color-mix(in srgb, #d97706 70%, var(--text));
    }
    .st-resolved {
      color: color-mix(in srgb, #16a34a 70%, var(--text));
    }
    .st-opted_out {
      color: var(--danger);
    }
    .escalation {
      max-width: 16rem;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      font-size: 0.75rem;
      color: color-mix(in srgb, #d97706 70%, var(--text));
    }
    a.chip {
      color: var(--accent);
      text-decoration: none;
    }
    a.chip:hover {
      text-decoration: underline;
    }
    .cancelled {
      text-decoration: line-through;
      opacity: 0.7;
    }
    .error {
      margin: 0.5rem 0 0;
      color: var(--danger);
      font-size: 0.85rem;
    }
    mat-icon {
      width: 14px;
      height: 14px;
      vertical-align: -2px;
    }
    .dot {
      display: inline-block;
      width: 0.55rem;
      height: 0.55rem;
      border-radius: 50%;
    }
    .dot.ok {
      background: #16a34a;
    }
    .dot.warn {
      background: #f59e0b;
    }
    .dot.bad {
      background: #dc2626;
    }
    .link {
      padding: 0 0.25rem;
      color: inherit;
      background: none;
      border: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ThreadHeader {
  protected readonly store = inject(ThreadStore);
  protected readonly api = inject(ApiService);
  private readonly auth = inject(AuthService);
  readonly deleted = output<string>();

  protected readonly states = ASSISTANT_STATES_TEXT;
  protected readonly assistantStates: AssistantState[] = ['active', 'paused', 'blocked'];
  protected readonly me = computed(() => this.auth.user()?.id ?? null);
  protected readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  protected readonly dialogError = signal<string | null>(null);
  protected readonly escalateDialog = viewChild.required<PromptDialog>('escalate');
  protected readonly deleteDialog = viewChild.required<PromptDialog>('remove');

  protected readonly refCopied = signal(false);

  /** Copies `#REFERENCE` (what a customer quotes, what the subject tag carries). */
  protected async copyReference(reference: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(`#${reference}`);
      this.refCopied.set(true);
      setTimeout(() => this.refCopied.set(false), 1500);
    } catch {
      this.error.set('Copying is not allowed here; select the reference instead.');
    }
  }

  protected statusText(c: ConversationView): string {
    return STATUS_TEXT[c.status] ?? label(c.status);
  }

  protected channelLabel(c: ConversationView): string {
    return { email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp', webchat: 'Chat', voice: 'Voice' }[c.channel] ?? c.channel;
  }

  protected assistant(c: ConversationView) {
    return ASSISTANT_STATES_TEXT[c.assistantState] ?? ASSISTANT_STATES_TEXT.active;
  }

  protected assigneeLabel(c: ConversationView): string {
    return c.assignee ? `Assignee: ${c.assignee.name}. Reassign or unassign` : 'Assign this conversation';
  }

  /** Runs an action that answers the conversation as it now is. */
  async run(action: Promise<ConversationView>): Promise<boolean> {
    this.error.set(null);
    this.busy.set(true);
    try {
      this.store.setConversation(await action);
      return true;
    } catch (err) {
      this.error.set(errorText(err));
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  assign(userId: string): void {
    const c = this.store.conversation();
    if (c) void this.run(this.api.assign(c.id, userId));
  }

  /** `a`: assign to me, or open nothing when already mine. */
  assignToMe(): void {
    const c = this.store.conversation();
    if (c && c.assignee?.id !== this.me()) this.assign('me');
  }

  protected unassign(): void {
    const c = this.store.conversation();
    if (c) void this.run(this.api.unassign(c.id));
  }

  resolve(): void {
    const c = this.store.conversation();
    if (c && c.status !== 'resolved') void this.run(this.api.resolve(c.id));
  }

  protected setAssistant(state: AssistantState): void {
    const c = this.store.conversation();
    if (c && c.assistantState !== state) void this.run(this.api.setAssistant(c.id, state));
  }

  protected async doEscalate(reason: string): Promise<void> {
    const c = this.store.conversation();
    if (!c) return;
    this.dialogError.set(null);
    if (await this.run(this.api.escalate(c.id, reason))) this.escalateDialog().close();
    else this.dialogError.set(this.error());
  }

  protected async doDelete(): Promise<void> {
    const c = this.store.conversation();
    if (!c) return;
    this.busy.set(true);
    this.dialogError.set(null);
    try {
      await this.api.deleteConversation(c.id);
      this.deleteDialog().close();
      this.store.deleted.set(true);
      this.deleted.emit(c.id);
    } catch (err) {
      this.dialogError.set(errorText(err));
    } finally {
      this.busy.set(false);
    }
  }
}

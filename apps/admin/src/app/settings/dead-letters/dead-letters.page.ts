import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import type { ChannelAccountView } from '@parley/contracts';
import { SettingsApi, type DeadLetterView } from '../settings-api';
import { apiError } from '../shared/errors';

/** Sends that failed for good (or ran out of retries), with the provider's error and a Retry. */
@Component({
  selector: 'app-settings-dead-letters',
  imports: [DatePipe, RouterLink, MatButtonModule, MatIconModule],
  template: `
    <div class="row">
      <div>
        <h1>Failed sends</h1>
        <p class="lead">
          Messages the provider refused, or that ran out of retries. <strong>Retry</strong> puts the message back in the queue and sends it again, even when an
          interrupted attempt left it uncertain whether the provider got it: the customer may receive it twice. Fix the cause first (e.g. the channel's
          credentials).
        </p>
      </div>
      <span class="spacer"></span>
      <button mat-stroked-button type="button" (click)="load()"><mat-icon svgIcon="refresh" />Refresh</button>
    </div>
    @if (error()) {
      <p class="error" role="alert">{{ error() }}</p>
    }
    <div class="card">
      <table class="data">
        <thead>
          <tr>
            <th scope="col">Failed</th>
            <th scope="col">Channel</th>
            <th scope="col">Error</th>
            <th scope="col">Attempts</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          @for (d of items(); track d.id) {
            <tr>
              <td>{{ d.failedAt ? (d.failedAt | date: 'medium') : '—' }}</td>
              <td>{{ accountName(d.channelAccountId) }}</td>
              <td>
                @if (d.error.code) {
                  <span class="badge bad mono">{{ d.error.code }}</span>
                }
                {{ d.error.message }}
                @if (d.conversationId) {
                  <br /><a [routerLink]="['/conversations', d.conversationId]">Open the conversation</a>
                }
              </td>
              <td>{{ d.attempts }}</td>
              <td>
                @if (retried()[d.id]) {
                  <span class="ok">Queued again</span>
                } @else {
                  <button mat-stroked-button type="button" (click)="retry(d)" [attr.aria-label]="'Retry send of ' + (d.failedAt | date: 'medium')">
                    Retry
                  </button>
                }
              </td>
            </tr>
          } @empty {
            <tr>
              <td colspan="5" class="muted">{{ loading() ? 'Loading…' : 'No failed send. Everything went out.' }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeadLettersPage {
  private readonly api = inject(SettingsApi);
  private readonly snack = inject(MatSnackBar);
  protected readonly items = signal<DeadLetterView[]>([]);
  protected readonly accounts = signal<ChannelAccountView[]>([]);
  protected readonly retried = signal<Record<string, boolean>>({});
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    this.error.set(null);
    try {
      const [items, accounts] = await Promise.all([this.api.deadLetters(), this.api.channelAccounts()]);
      this.items.set(items.items);
      this.accounts.set(accounts.items);
      this.retried.set({});
    } catch (err) {
      this.error.set(apiError(err, 'The failed sends could not be loaded'));
    } finally {
      this.loading.set(false);
    }
  }

  protected accountName(id: string | null): string {
    return this.accounts().find((a) => a.id === id)?.name ?? '—';
  }

  async retry(d: DeadLetterView): Promise<void> {
    try {
      await this.api.retryDeadLetter(d.id);
      this.retried.update((r) => ({ ...r, [d.id]: true }));
    } catch (err) {
      this.snack.open(apiError(err, 'The retry failed'), 'Dismiss', { panelClass: 'snackbar-error' });
    }
  }
}

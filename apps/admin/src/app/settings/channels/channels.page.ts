import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { ChannelAccountView, ConnectionCheck } from '@parley/contracts';
import { firstValueFrom } from 'rxjs';
import { SettingsApi, type PluginView } from '../settings-api';
import { CopyButton } from '../shared/copy-button';
import { confirmAction } from '../shared/confirm.dialog';
import { apiError } from '../shared/errors';
import { ChannelAccountDialog, type ChannelAccountDialogData } from './channel-account.dialog';
import { GENERIC_STEPS, SETUP_STEPS } from './setup-steps';

interface AccountState {
  check?: ConnectionCheck | 'checking';
  lastActivityAt?: string | null;
  /** Why the API refused to delete it (409 while conversations exist). */
  deleteRefused?: string;
}

/** Channel accounts: status, last activity, webhook URL, test, edit, (de)activate, delete. */
@Component({
  selector: 'app-settings-channels',
  imports: [DatePipe, MatButtonModule, MatIconModule, CopyButton],
  templateUrl: './channels.page.html',
  styles: `
    .account-head {
      display: flex;
      align-items: center;
      gap: 0.75rem;
    }
    .account-head h2 {
      margin: 0;
    }
    dl {
      display: grid;
      grid-template-columns: 9rem 1fr;
      gap: 0.5rem 1rem;
      margin: 0.75rem 0;
      font-size: 0.875rem;
    }
    dt {
      color: var(--text-muted);
    }
    dd {
      margin: 0;
      min-width: 0;
    }
    ol.steps {
      margin: 0.25rem 0 0;
      padding-left: 1.25rem;
      font-size: 0.85rem;
      color: var(--text-muted);
    }
    .check {
      font-size: 0.85rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChannelsPage {
  private readonly api = inject(SettingsApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);

  protected readonly accounts = signal<ChannelAccountView[]>([]);
  protected readonly plugins = signal<PluginView[]>([]);
  protected readonly state = signal<Record<string, AccountState>>({});
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly steps = (plugin: string) => SETUP_STEPS[plugin] ?? GENERIC_STEPS;

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    this.error.set(null);
    try {
      const [accounts, plugins] = await Promise.all([this.api.channelAccounts(), this.api.plugins()]);
      this.accounts.set(accounts.items);
      this.plugins.set(plugins.items.filter((p) => p.kind === 'channel'));
      void this.loadActivity(accounts.items);
    } catch (err) {
      this.error.set(apiError(err, 'The channels could not be loaded'));
    } finally {
      this.loading.set(false);
    }
  }

  /** Last activity: the newest conversation of each account (GET /channel-accounts does not carry it). */
  private async loadActivity(accounts: ChannelAccountView[]): Promise<void> {
    await Promise.all(
      accounts.map(async (a) => {
        const page = await this.api.latestConversation(a.id).catch(() => null);
        this.patch(a.id, { lastActivityAt: page?.items[0]?.lastActivityAt ?? null });
      }),
    );
  }

  /** API.md promises `embedCode` on a web chat account; shown when the API sends it. */
  protected embedCode(a: ChannelAccountView): string | null {
    const code = (a as ChannelAccountView & { embedCode?: unknown }).embedCode;
    return typeof code === 'string' && code ? code : null;
  }

  protected pluginName(id: string): string {
    return this.plugins().find((p) => p.id === id)?.displayName ?? id;
  }

  private patch(id: string, s: AccountState): void {
    this.state.update((all) => ({ ...all, [id]: { ...all[id], ...s } }));
  }

  async add(): Promise<void> {
    const saved = await this.openDialog({ plugins: this.plugins() });
    if (saved) {
      this.accounts.update((list) => [...list, saved]);
      this.snack.open(`${saved.name} added. Now paste its webhook URL into the provider's console.`, undefined, { duration: 4000 });
    }
  }

  async edit(account: ChannelAccountView): Promise<void> {
    const saved = await this.openDialog({ plugins: this.plugins(), account });
    if (saved) this.replace(saved);
  }

  private async openDialog(data: ChannelAccountDialogData): Promise<ChannelAccountView | undefined> {
    const ref = this.dialog.open<ChannelAccountDialog, ChannelAccountDialogData, ChannelAccountView>(ChannelAccountDialog, {
      data,
      width: '44rem',
      maxWidth: '95vw',
    });
    return firstValueFrom(ref.afterClosed());
  }

  private replace(saved: ChannelAccountView): void {
    this.accounts.update((list) => list.map((a) => (a.id === saved.id ? saved : a)));
  }

  async test(account: ChannelAccountView): Promise<void> {
    this.patch(account.id, { check: 'checking' });
    try {
      this.patch(account.id, { check: await this.api.checkChannelAccount(account.id) });
    } catch (err) {
      this.patch(account.id, { check: { supported: true, ok: false, message: apiError(err, 'The test could not run'), checkedAt: new Date().toISOString() } });
    }
  }

  async toggleActive(account: ChannelAccountView): Promise<void> {
    try {
      this.replace(await this.api.updateChannelAccount(account.id, { active: !account.active }));
    } catch (err) {
      this.snack.open(apiError(err), 'Dismiss', { panelClass: 'snackbar-error' });
    }
  }

  async remove(account: ChannelAccountView): Promise<void> {
    if (
      !(await confirmAction(this.dialog, {
        title: `Delete ${account.name}?`,
        message: 'The channel and its settings are removed. This cannot be undone.',
        confirm: 'Delete',
      }))
    )
      return;
    try {
      await this.api.deleteChannelAccount(account.id);
      this.accounts.update((list) => list.filter((a) => a.id !== account.id));
    } catch (err) {
      this.patch(account.id, { deleteRefused: apiError(err, 'The channel could not be deleted') });
    }
  }
}

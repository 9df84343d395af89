import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { ApiKeyCreated, ApiKeyView, UserRole, UserView } from '@parley/contracts';
import { AuthService } from '../../auth/auth.service';
import { SettingsApi } from '../settings-api';
import { confirmAction } from '../shared/confirm.dialog';
import { CopyButton } from '../shared/copy-button';
import { apiError } from '../shared/errors';

/** A first password for an invited teammate: 16 characters from a readable alphabet, from the browser's CSPRNG. */
export function temporaryPassword(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  return Array.from(random(new Uint8Array(16)), (b) => alphabet[b % alphabet.length]).join('');
}

/** Members and roles (invite, change role, remove) and the workspace's API keys. */
@Component({
  selector: 'app-settings-team',
  imports: [DatePipe, FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, CopyButton],
  templateUrl: './team.page.html',
  styles: `
    .role {
      width: 9rem;
    }
    .once {
      margin-top: 0.75rem;
      padding: 0.75rem 1rem;
      border-radius: var(--radius-lg);
      background: var(--success-soft);
    }
    .once p {
      margin: 0 0 0.5rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TeamPage {
  private readonly api = inject(SettingsApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly auth = inject(AuthService);
  protected readonly me = computed(() => this.auth.user()?.id);

  protected readonly users = signal<UserView[]>([]);
  protected readonly keys = signal<ApiKeyView[]>([]);
  protected readonly error = signal<string | null>(null);

  protected readonly inviteName = signal('');
  protected readonly inviteEmail = signal('');
  protected readonly inviteRole = signal<UserRole>('operator');
  protected readonly invitePassword = signal(temporaryPassword());
  protected readonly inviting = signal(false);
  protected readonly inviteError = signal<string | null>(null);
  /** The invited teammate's sign-in, shown once to pass on. */
  protected readonly invited = signal<{ email: string; password: string } | null>(null);

  protected readonly keyName = signal('');
  protected readonly created = signal<ApiKeyCreated | null>(null);
  protected readonly keyError = signal<string | null>(null);

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    this.error.set(null);
    try {
      const [users, keys] = await Promise.all([this.api.users(), this.api.apiKeys()]);
      this.users.set(users.items);
      this.keys.set(keys.items);
    } catch (err) {
      this.error.set(apiError(err, 'The team could not be loaded'));
    }
  }

  async invite(): Promise<void> {
    this.inviting.set(true);
    this.inviteError.set(null);
    const body = { name: this.inviteName().trim(), email: this.inviteEmail().trim(), role: this.inviteRole(), password: this.invitePassword() };
    try {
      const user = await this.api.inviteUser(body);
      this.users.update((list) => [...list, user].sort((a, b) => a.name.localeCompare(b.name)));
      this.invited.set({ email: user.email, password: body.password });
      this.inviteName.set('');
      this.inviteEmail.set('');
      this.invitePassword.set(temporaryPassword());
    } catch (err) {
      this.inviteError.set(apiError(err, 'The invitation failed'));
    } finally {
      this.inviting.set(false);
    }
  }

  async setRole(user: UserView, role: UserRole): Promise<void> {
    try {
      const saved = await this.api.updateUser(user.id, { role });
      this.users.update((list) => list.map((u) => (u.id === saved.id ? saved : u)));
      this.snack.open(`${saved.name} is now ${role === 'admin' ? 'an admin' : 'an operator'}`, undefined, { duration: 2500 });
    } catch (err) {
      // Refused (e.g. the last admin): show why and put the select back.
      this.users.update((list) => [...list]);
      this.snack.open(apiError(err, 'The role could not be changed'), 'Dismiss', { panelClass: 'snackbar-error' });
    }
  }

  async remove(user: UserView): Promise<void> {
    const ok = await confirmAction(this.dialog, {
      title: `Remove ${user.name}?`,
      message: 'They can no longer sign in. Conversations assigned to them stay, unassigned.',
      confirm: 'Remove',
    });
    if (!ok) return;
    try {
      await this.api.removeUser(user.id);
      this.users.update((list) => list.filter((u) => u.id !== user.id));
    } catch (err) {
      this.snack.open(apiError(err, 'The member could not be removed'), 'Dismiss', { panelClass: 'snackbar-error' });
    }
  }

  async createKey(): Promise<void> {
    this.keyError.set(null);
    try {
      const key = await this.api.createApiKey(this.keyName().trim());
      this.created.set(key);
      this.keyName.set('');
      this.keys.update((list) => [{ id: key.id, name: key.name, prefix: key.prefix, createdAt: key.createdAt, lastUsedAt: null }, ...list]);
    } catch (err) {
      this.keyError.set(apiError(err, 'The key could not be created'));
    }
  }

  async revoke(key: ApiKeyView): Promise<void> {
    const ok = await confirmAction(this.dialog, { title: `Revoke ${key.name}?`, message: 'Integrations using it stop working at once.', confirm: 'Revoke' });
    if (!ok) return;
    try {
      await this.api.revokeApiKey(key.id);
      this.keys.update((list) => list.filter((k) => k.id !== key.id));
      if (this.created()?.id === key.id) this.created.set(null);
    } catch (err) {
      this.snack.open(apiError(err, 'The key could not be revoked'), 'Dismiss', { panelClass: 'snackbar-error' });
    }
  }
}

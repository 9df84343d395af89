import { DecimalPipe, PercentPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { AssistantSettingsView, AssistantTrial, ChannelAccountView } from '@parley/contracts';
import { buildConfig, initialValues, schemaFields, validateValues, type SchemaValues } from '../channels/schema-form';
import { SchemaForm } from '../channels/schema-form.component';
import { SettingsApi, type PluginView } from '../settings-api';
import { apiError } from '../shared/errors';

/** The assistant's provider and its config, the workspace's SLA / follow-up / booking link, and a "try it" box. */
@Component({
  selector: 'app-settings-assistant',
  imports: [DecimalPipe, PercentPipe, FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatSlideToggleModule, SchemaForm],
  templateUrl: './assistant.page.html',
  styles: `
    .trial dl {
      display: grid;
      grid-template-columns: 8rem 1fr;
      gap: 0.375rem 1rem;
      margin: 0.75rem 0 0;
      font-size: 0.9rem;
    }
    .trial dt {
      color: var(--text-muted);
    }
    .trial dd {
      margin: 0;
    }
    .reply {
      white-space: pre-wrap;
      padding: 0.5rem 0.75rem;
      border-radius: var(--radius);
      background: var(--surface-muted);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AssistantPage {
  private readonly api = inject(SettingsApi);
  private readonly snack = inject(MatSnackBar);

  protected readonly settings = signal<AssistantSettingsView | null>(null);
  protected readonly plugins = signal<PluginView[]>([]);
  protected readonly accounts = signal<ChannelAccountView[]>([]);
  protected readonly error = signal<string | null>(null);

  protected readonly provider = signal('rules');
  protected readonly enabled = signal(true);
  protected readonly plugin = computed(() => this.plugins().find((p) => p.id === this.provider()) ?? null);
  protected readonly fields = computed(() => {
    const p = this.plugin();
    return p ? schemaFields(p.configSchema, p.secretFields) : [];
  });
  protected readonly values = signal<SchemaValues>({});
  /** The stored config, only while the stored provider is the one picked (its secrets' set state). */
  protected readonly stored = computed(() => (this.settings()?.provider === this.provider() ? (this.settings()?.config ?? null) : null));
  protected readonly errors = computed(() => validateValues(this.fields(), this.values(), this.stored()));
  protected readonly savingProvider = signal(false);

  protected readonly sla = signal<number | null>(15);
  protected readonly followUp = signal<number | null>(null);
  protected readonly booking = signal('');
  protected readonly savingWorkspace = signal(false);

  protected readonly question = signal('How much does a boiler service cost?');
  protected readonly trialAccount = signal<string>('');
  protected readonly trying = signal(false);
  protected readonly trial = signal<AssistantTrial | null>(null);
  protected readonly trialError = signal<string | null>(null);

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    this.error.set(null);
    try {
      const [settings, plugins, workspace, accounts] = await Promise.all([
        this.api.assistant(),
        this.api.plugins(),
        this.api.workspace(),
        this.api.channelAccounts(),
      ]);
      this.plugins.set(plugins.items.filter((p) => p.kind === 'ai'));
      this.accounts.set(accounts.items);
      this.applySettings(settings);
      this.sla.set(workspace.settings.escalationSlaMinutes);
      this.followUp.set(workspace.settings.followUpHours);
      this.booking.set(workspace.settings.bookingUrlTemplate ?? '');
    } catch (err) {
      this.error.set(apiError(err, 'The assistant settings could not be loaded'));
    }
  }

  private applySettings(s: AssistantSettingsView): void {
    this.settings.set(s);
    this.provider.set(s.provider);
    this.enabled.set(s.enabled);
    this.values.set(initialValues(this.fields(), s.config));
  }

  protected pickProvider(id: string): void {
    this.provider.set(id);
    this.values.set(initialValues(this.fields(), this.stored()));
  }

  async saveProvider(): Promise<void> {
    if (Object.keys(this.errors()).length) return;
    this.savingProvider.set(true);
    try {
      this.applySettings(
        await this.api.saveAssistant({ provider: this.provider(), enabled: this.enabled(), config: buildConfig(this.fields(), this.values()) }),
      );
      this.snack.open('Assistant saved', undefined, { duration: 2500 });
    } catch (err) {
      this.snack.open(apiError(err, 'The assistant could not be saved'), 'Dismiss', { panelClass: 'snackbar-error' });
    } finally {
      this.savingProvider.set(false);
    }
  }

  async saveWorkspace(): Promise<void> {
    this.savingWorkspace.set(true);
    try {
      const follow = this.followUp();
      const w = await this.api.updateWorkspace({
        settings: {
          escalationSlaMinutes: Number(this.sla()),
          followUpHours: follow === null || String(follow) === '' ? null : Number(follow),
          bookingUrlTemplate: this.booking().trim() || null,
        },
      });
      this.sla.set(w.settings.escalationSlaMinutes);
      this.followUp.set(w.settings.followUpHours);
      this.booking.set(w.settings.bookingUrlTemplate ?? '');
      this.snack.open('Workspace settings saved', undefined, { duration: 2500 });
    } catch (err) {
      this.snack.open(apiError(err, 'The settings could not be saved'), 'Dismiss', { panelClass: 'snackbar-error' });
    } finally {
      this.savingWorkspace.set(false);
    }
  }

  async tryIt(): Promise<void> {
    const q = this.question().trim();
    if (!q) return;
    this.trying.set(true);
    this.trialError.set(null);
    try {
      this.trial.set(await this.api.tryAssistant(q, this.trialAccount() || undefined));
    } catch (err) {
      this.trial.set(null);
      this.trialError.set(apiError(err, 'The assistant could not be tried'));
    } finally {
      this.trying.set(false);
    }
  }

  protected accountName(id: string | null): string {
    return this.accounts().find((a) => a.id === id)?.name ?? 'the first channel';
  }
}

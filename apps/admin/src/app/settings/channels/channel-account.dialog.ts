import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { ChannelAccountView } from '@parley/contracts';
import { SettingsApi, type PluginView } from '../settings-api';
import { apiError } from '../shared/errors';
import { buildConfig, initialValues, schemaFields, validateValues, type SchemaValues } from './schema-form';
import { SchemaForm } from './schema-form.component';

export interface ChannelAccountDialogData {
  plugins: PluginView[];
  /** Editing this account; absent: adding one. */
  account?: ChannelAccountView;
}

/** Add or edit a channel account: the plugin, a name, and the plugin's config rendered from its schema. */
@Component({
  selector: 'app-channel-account-dialog',
  imports: [FormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, SchemaForm],
  template: `
    <h2 mat-dialog-title>{{ account ? 'Edit ' + account.name : 'Add a channel' }}</h2>
    <form (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="top">
          <mat-form-field appearance="outline">
            <mat-label>Channel type</mat-label>
            <mat-select name="plugin" [ngModel]="pluginId()" (ngModelChange)="pick($event)" [disabled]="!!account" required>
              @for (p of data.plugins; track p.id) {
                <mat-option [value]="p.id">{{ p.displayName }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Name</mat-label>
            <input matInput name="name" [(ngModel)]="name" required maxlength="120" />
            @if (submitted() && !name().trim()) {
              <mat-error>Name is required</mat-error>
            }
          </mat-form-field>
        </div>
        @if (plugin(); as p) {
          <h3 class="sub">{{ p.displayName }} settings</h3>
          <app-schema-form [fields]="fields()" [(values)]="values" [errors]="submitted() ? errors() : {}" [stored]="account?.config ?? null" />
        }
        @if (error()) {
          <p class="error" role="alert">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving() || !plugin()">{{ account ? 'Save' : 'Add channel' }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .top {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 1rem;
      padding-top: 0.25rem;
    }
    .sub {
      margin: 0 0 0.75rem;
      font-size: 0.95rem;
    }
    .error {
      color: var(--danger);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChannelAccountDialog {
  protected readonly data = inject<ChannelAccountDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<ChannelAccountDialog, ChannelAccountView>);
  private readonly api = inject(SettingsApi);
  protected readonly account = this.data.account;

  protected readonly pluginId = signal<string | null>(this.account?.plugin ?? null);
  protected readonly plugin = computed(() => this.data.plugins.find((p) => p.id === this.pluginId()) ?? null);
  protected readonly fields = computed(() => {
    const p = this.plugin();
    return p ? schemaFields(p.configSchema, p.secretFields) : [];
  });
  protected readonly name = signal(this.account?.name ?? '');
  protected readonly values = signal<SchemaValues>(this.account ? initialValues(this.fields(), this.account.config) : {});
  protected readonly errors = computed(() => validateValues(this.fields(), this.values(), this.account?.config ?? null));
  protected readonly submitted = signal(false);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  protected pick(id: string): void {
    this.pluginId.set(id);
    this.values.set(initialValues(this.fields()));
    const p = this.plugin();
    if (p && !this.name().trim()) this.name.set(p.displayName);
  }

  async save(): Promise<void> {
    this.submitted.set(true);
    const p = this.plugin();
    if (!p || !this.name().trim() || Object.keys(this.errors()).length) return;
    this.saving.set(true);
    this.error.set(null);
    try {
      const config = buildConfig(this.fields(), this.values());
      const saved = this.account
        ? await this.api.updateChannelAccount(this.account.id, { name: this.name().trim(), config })
        : await this.api.createChannelAccount({ plugin: p.id, name: this.name().trim(), config });
      this.ref.close(saved);
    } catch (err) {
      this.error.set(apiError(err, 'The channel could not be saved'));
    } finally {
      this.saving.set(false);
    }
  }
}

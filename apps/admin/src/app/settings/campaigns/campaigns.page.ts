import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import type { CampaignLaunchView, CampaignListItem, ChannelAccountView, ConversationListItem, DeliveryStatus, TemplateView } from '@parley/contracts';
import { renderTemplatePreview, templateParamCount } from '../../composer/template-params';
import { SettingsApi } from '../settings-api';
import { apiError } from '../shared/errors';
import { SKIP_REASONS, bucketOf, parseRecipients, progressCounts } from './campaign-model';

interface Progress {
  campaignId: string;
  launch: CampaignLaunchView | null;
  conversations: ConversationListItem[];
  status: Record<string, DeliveryStatus | null>;
}

/** Templates per channel account, and campaigns: launch from a template and a recipient list, watch the sends. */
@Component({
  selector: 'app-settings-campaigns',
  imports: [DatePipe, FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, MatSelectModule],
  templateUrl: './campaigns.page.html',
  styles: `
    .tpl-body {
      white-space: pre-wrap;
    }
    .counts {
      display: flex;
      gap: 1.5rem;
      margin: 0.5rem 0;
      font-size: 0.9rem;
    }
    .counts strong {
      font-size: 1.2rem;
    }
    tr.open td {
      background: var(--accent-soft);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CampaignsPage {
  private readonly api = inject(SettingsApi);
  private readonly snack = inject(MatSnackBar);
  protected readonly skipReasons = SKIP_REASONS;
  protected readonly bucketOf = bucketOf;

  protected readonly accounts = signal<ChannelAccountView[]>([]);
  protected readonly templates = signal<TemplateView[]>([]);
  protected readonly campaigns = signal<CampaignListItem[]>([]);
  protected readonly error = signal<string | null>(null);

  // New template
  protected readonly tplAccount = signal('');
  protected readonly tplName = signal('');
  protected readonly tplLanguage = signal('en');
  protected readonly tplBody = signal('');
  protected readonly tplError = signal<string | null>(null);

  // New campaign
  protected readonly name = signal('');
  protected readonly account = signal('');
  protected readonly templateId = signal('');
  protected readonly params = signal<string[]>([]);
  protected readonly recipientsText = signal('');
  protected readonly launching = signal(false);
  protected readonly launchError = signal<string | null>(null);
  protected readonly accountTemplates = computed(() => this.templates().filter((t) => t.channelAccountId === this.account()));
  protected readonly template = computed(() => this.templates().find((t) => t.id === this.templateId()) ?? null);
  protected readonly paramSlots = computed(() => Array.from({ length: templateParamCount(this.template()?.body ?? '') }, (_, i) => i));
  protected readonly preview = computed(() => renderTemplatePreview(this.template()?.body ?? '', this.params()));
  protected readonly parsed = computed(() => parseRecipients(this.recipientsText(), this.accounts().find((a) => a.id === this.account())?.channel));

  protected readonly progress = signal<Progress | null>(null);
  protected readonly counts = computed(() => {
    const p = this.progress();
    return p ? progressCounts(p.conversations.map((c) => p.status[c.id])) : null;
  });
  protected readonly done = computed(() => {
    const c = this.counts();
    return !!c && c.queued === 0;
  });
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    void this.load();
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  async load(): Promise<void> {
    this.error.set(null);
    try {
      const [accounts, templates, campaigns] = await Promise.all([this.api.channelAccounts(), this.api.templates(), this.api.campaigns()]);
      this.accounts.set(accounts.items);
      this.templates.set(templates.items);
      this.campaigns.set(campaigns.items);
    } catch (err) {
      this.error.set(apiError(err, 'The campaigns could not be loaded'));
    }
  }

  protected accountName(id: string): string {
    return this.accounts().find((a) => a.id === id)?.name ?? 'Unknown channel';
  }

  protected templateName(id: string | null): string {
    return this.templates().find((t) => t.id === id)?.name ?? '—';
  }

  async addTemplate(): Promise<void> {
    this.tplError.set(null);
    try {
      const t = await this.api.createTemplate({
        channelAccountId: this.tplAccount(),
        name: this.tplName().trim(),
        language: this.tplLanguage().trim() || 'en',
        body: this.tplBody(),
      });
      this.templates.update((list) => [...list, t].sort((a, b) => a.name.localeCompare(b.name)));
      this.tplName.set('');
      this.tplBody.set('');
      this.snack.open(`Template ${t.name} added`, undefined, { duration: 2500 });
    } catch (err) {
      this.tplError.set(apiError(err, 'The template could not be added'));
    }
  }

  protected pickAccount(id: string): void {
    this.account.set(id);
    this.templateId.set(this.accountTemplates()[0]?.id ?? '');
    this.params.set([]);
  }

  protected paramAt(i: number): string {
    return this.params()[i] ?? '';
  }

  protected setParam(i: number, value: string): void {
    this.params.update((p) => {
      const next = [...p];
      next[i] = value;
      return next;
    });
  }

  async launch(): Promise<void> {
    const { recipients, bad } = this.parsed();
    if (bad.length || !recipients.length) return;
    this.launching.set(true);
    this.launchError.set(null);
    try {
      const slots = this.paramSlots().length;
      const result = (await this.api.launchCampaign({
        name: this.name().trim(),
        channelAccountId: this.account(),
        templateId: this.templateId(),
        ...(slots ? { templateParams: Array.from({ length: slots }, (_, i) => this.params()[i] ?? '') } : {}),
        contacts: recipients,
      })) as CampaignLaunchView;
      this.campaigns.update((list) => [{ ...result, conversations: result.started }, ...list]);
      this.name.set('');
      this.recipientsText.set('');
      await this.watch(result.id, result);
    } catch (err) {
      this.launchError.set(apiError(err, 'The campaign could not be launched'));
    } finally {
      this.launching.set(false);
    }
  }

  /** Shows a campaign's conversations and the delivery of what it sent, refreshed until nothing is queued. */
  async watch(campaignId: string, launch: CampaignLaunchView | null = null): Promise<void> {
    clearTimeout(this.timer);
    if (this.progress()?.campaignId !== campaignId) this.progress.set({ campaignId, launch, conversations: [], status: {} });
    try {
      const conversations = (await this.api.campaignConversations(campaignId)).items;
      const firsts = await Promise.all(conversations.map((c) => this.api.firstMessage(c.id).catch(() => null)));
      const status: Record<string, DeliveryStatus | null> = {};
      conversations.forEach((c, i) => (status[c.id] = firsts[i]?.items[0]?.deliveryStatus ?? null));
      if (this.progress()?.campaignId !== campaignId) return;
      this.progress.update((p) => p && { ...p, conversations, status });
      if (!this.done()) this.timer = setTimeout(() => void this.watch(campaignId), 2000);
    } catch (err) {
      this.snack.open(apiError(err, 'The progress could not be loaded'), 'Dismiss', { panelClass: 'snackbar-error' });
    }
  }
}

import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { INTENTS, type AutonomyLevel, type AutonomyPolicyView, type AutonomyPreview } from '@parley/contracts';
import { AuthService } from '../../auth/auth.service';
import { SettingsApi } from '../settings-api';
import { rememberAutonomyChosen } from '../start/checklist';
import { apiError } from '../shared/errors';
import { LEVEL_LABEL, LEVELS, RISK_LEVELS, addIntent, intentLabel, previewMatrix, previewSentence, samePolicy, withOverride } from './autonomy-model';

type IntentList = 'autoReplyIntents' | 'highRiskIntents';

/** How much the assistant may do alone: level, per-channel overrides, intents, and the server's decision table for it. */
@Component({
  selector: 'app-settings-autonomy',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatRadioModule, MatSelectModule, MatTooltipModule],
  templateUrl: './autonomy.page.html',
  styleUrl: './autonomy.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AutonomyPage {
  private readonly api = inject(SettingsApi);
  private readonly snack = inject(MatSnackBar);
  private readonly auth = inject(AuthService);

  protected readonly levels = LEVELS;
  protected readonly levelLabel = LEVEL_LABEL;
  protected readonly risks = RISK_LEVELS;
  protected readonly intentLabel = intentLabel;
  protected readonly intentLists: { key: IntentList; label: string; hint: string }[] = [
    { key: 'autoReplyIntents', label: 'Auto-reply intents', hint: 'Replies to these may go out on their own (under Full or Controlled).' },
    { key: 'highRiskIntents', label: 'High-risk intents', hint: 'Replies to these count as high risk whatever the assistant reports.' },
  ];
  protected readonly knownIntents = INTENTS.filter((i) => i !== 'opt_out');

  protected readonly saved = signal<AutonomyPolicyView | null>(null);
  protected readonly policy = signal<AutonomyPolicyView | null>(null);
  protected readonly preview = signal<AutonomyPreview | null>(null);
  protected readonly previewError = signal<string | null>(null);
  protected readonly previewAccount = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly dirty = computed(() => !samePolicy(this.saved(), this.policy()));

  protected readonly accounts = computed(() => this.preview()?.channelAccounts ?? []);
  protected readonly shownAccount = computed(() => this.accounts().find((a) => a.id === this.previewAccount()) ?? this.accounts()[0] ?? null);
  protected readonly matrix = computed(() => {
    const p = this.preview();
    const a = this.shownAccount();
    return p && a ? previewMatrix(p, a.id) : [];
  });
  /** Plain-language examples: a pricing and a greeting message, medium and low risk, on the shown account. */
  protected readonly examples = computed(() => {
    const a = this.shownAccount();
    if (!a) return [];
    const cells = this.matrix().flatMap((r) => r.cells);
    const pick = (intent: string, risk: string) => cells.find((c) => c.intent === intent && c.reportedRisk === risk);
    return [pick('greeting', 'low'), pick('pricing', 'medium'), pick('complaint', 'high')].filter((c) => !!c).map((c) => previewSentence(c, a.name));
  });

  constructor() {
    void this.load();
    // The preview follows every edit (debounced), from the server's decision table.
    let timer: ReturnType<typeof setTimeout> | undefined;
    let seq = 0;
    effect(() => {
      const policy = this.policy();
      if (!policy) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        const n = ++seq;
        untracked(() =>
          this.api.previewAutonomy(policy).then(
            (p) => {
              if (n !== seq) return;
              this.preview.set(p);
              this.previewError.set(null);
            },
            (err) => n === seq && this.previewError.set(apiError(err, 'The preview could not be computed')),
          ),
        );
      }, 250);
    });
    inject(DestroyRef).onDestroy(() => clearTimeout(timer));
  }

  async load(): Promise<void> {
    this.error.set(null);
    try {
      const policy = await this.api.autonomy();
      this.saved.set(policy);
      this.policy.set(policy);
    } catch (err) {
      this.error.set(apiError(err, 'The autonomy policy could not be loaded'));
    } finally {
      this.loading.set(false);
    }
  }

  protected overrideOf(accountId: string): AutonomyLevel | '' {
    return this.policy()?.channelOverrides[accountId] ?? '';
  }

  protected previewAccountId(): string | null {
    return this.shownAccount()?.id ?? null;
  }

  protected setLevel(level: AutonomyLevel): void {
    this.policy.update((p) => p && { ...p, level });
  }

  protected setOverride(accountId: string, level: AutonomyLevel | ''): void {
    this.policy.update((p) => p && withOverride(p, accountId, level || null));
  }

  protected addIntent(list: IntentList, value: string, input?: HTMLInputElement): void {
    this.policy.update((p) => p && { ...p, [list]: addIntent(p[list], value) });
    if (input) input.value = '';
  }

  protected removeIntent(list: IntentList, intent: string): void {
    this.policy.update((p) => p && { ...p, [list]: p[list].filter((i) => i !== intent) });
  }

  protected suggestions(list: IntentList): string[] {
    const p = this.policy();
    return this.knownIntents.filter((i) => !p?.[list].includes(i));
  }

  protected revert(): void {
    this.policy.set(this.saved());
  }

  async save(): Promise<void> {
    const policy = this.policy();
    if (!policy) return;
    this.saving.set(true);
    try {
      const saved = await this.api.saveAutonomy(policy);
      this.saved.set(saved);
      this.policy.set(saved);
      rememberAutonomyChosen(this.auth.user()?.workspaceId);
      this.snack.open('Autonomy saved', undefined, { duration: 2500 });
    } catch (err) {
      this.snack.open(apiError(err, 'The autonomy policy could not be saved'), 'Dismiss', { panelClass: 'snackbar-error' });
    } finally {
      this.saving.set(false);
    }
  }
}

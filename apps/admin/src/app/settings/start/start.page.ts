import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../auth/auth.service';
import { SettingsApi } from '../settings-api';
import { apiError } from '../shared/errors';
import { autonomyChosenHere, checklist, isFirstRun, type ChecklistState } from './checklist';

/** Get started: the first-run checklist (connect a channel, add knowledge, choose autonomy, invite the team). */
@Component({
  selector: 'app-settings-start',
  imports: [RouterLink, MatButtonModule, MatIconModule],
  template: `
    <h1>{{ firstRun() ? 'Welcome to Parley' : 'Get started' }}</h1>
    <p class="lead">
      @if (firstRun()) {
        Your workspace is empty. Four steps and the assistant can start answering your customers.
      } @else {
        The steps every workspace goes through. {{ doneCount() }} of {{ steps().length }} done.
      }
    </p>
    @if (error()) {
      <p class="error" role="alert">{{ error() }}</p>
    }
    @if (state()) {
      <ol class="steps" aria-label="Set-up checklist">
        @for (s of steps(); track s.id; let i = $index) {
          <li class="card" [class.done]="s.done">
            <mat-icon [svgIcon]="s.done ? 'check_circle' : 'radio_unchecked'" [attr.aria-label]="s.done ? 'Done' : 'To do'" role="img" />
            <div>
              <h2>{{ i + 1 }}. {{ s.title }}</h2>
              <p class="muted">{{ s.text }}</p>
            </div>
            <span class="spacer"></span>
            <a mat-stroked-button [routerLink]="s.link">{{ s.done ? 'Review' : s.action }}</a>
          </li>
        }
      </ol>
    } @else if (!error()) {
      <div class="card" role="status" aria-busy="true" aria-label="Loading the checklist"><span class="skeleton" style="height: 12rem"></span></div>
    }
  `,
  styles: `
    .steps {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .steps li {
      display: flex;
      align-items: center;
      gap: 1rem;
    }
    .steps h2 {
      margin: 0;
    }
    .steps p {
      margin: 0.125rem 0 0;
    }
    .steps mat-icon {
      flex: none;
      color: var(--text-muted);
    }
    .steps li.done mat-icon {
      color: var(--success);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StartPage {
  private readonly api = inject(SettingsApi);
  private readonly auth = inject(AuthService);
  protected readonly state = signal<ChecklistState | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly steps = computed(() => {
    const s = this.state();
    return s ? checklist(s) : [];
  });
  protected readonly doneCount = computed(() => this.steps().filter((s) => s.done).length);
  protected readonly firstRun = computed(() => {
    const s = this.state();
    return !!s && isFirstRun(s);
  });

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    try {
      const [accounts, articles, users, policy] = await Promise.all([this.api.channelAccounts(), this.api.articles(), this.api.users(), this.api.autonomy()]);
      const workspaceId = this.auth.user()?.workspaceId;
      const customised = policy.level !== 'controlled' || Object.keys(policy.channelOverrides).length > 0;
      this.state.set({
        channels: accounts.items.length,
        articles: articles.items.length,
        members: users.items.length,
        autonomyChosen: customised || autonomyChosenHere(workspaceId),
      });
    } catch (err) {
      this.error.set(apiError(err, 'The checklist could not be loaded'));
    }
  }
}

import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from '../auth/auth.service';
import { AttentionService } from '../core/attention.service';
import { ThemeService } from '../core/theme.service';

/** Layout for signed-in pages: top bar plus the routed page. */
@Component({
  selector: 'app-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatButtonModule, MatIconModule, MatTooltipModule],
  template: `
    <header class="topbar">
      <a class="brand" routerLink="/conversations">
        <span class="logo" aria-hidden="true">P</span>
        <span>Parley</span>
      </a>
      @if (auth.user(); as user) {
        <span class="workspace">{{ user.workspace.name }}</span>
      }
      <nav aria-label="Main">
        <a routerLink="/conversations" routerLinkActive="active" ariaCurrentWhenActive="page">Conversations</a>
        <a routerLink="/drafts" routerLinkActive="active" ariaCurrentWhenActive="page">AI drafts</a>
        <a routerLink="/reports" routerLinkActive="active" ariaCurrentWhenActive="page">Reports</a>
        <a routerLink="/settings" routerLinkActive="active" ariaCurrentWhenActive="page">{{ auth.user()?.role === 'admin' ? 'Settings' : 'Knowledge' }}</a>
      </nav>
      <div class="account">
        <button
          mat-icon-button
          type="button"
          (click)="theme.toggle()"
          [attr.aria-label]="theme.dark() ? 'Switch to light theme' : 'Switch to dark theme'"
          [matTooltip]="theme.dark() ? 'Light theme' : 'Dark theme'"
        >
          <mat-icon [svgIcon]="theme.dark() ? 'light_mode' : 'dark_mode'" />
        </button>
        @if (auth.user(); as user) {
          <span class="user">{{ user.name }}</span>
        }
        <button type="button" class="secondary" (click)="signOut()">Sign out</button>
      </div>
    </header>
    <main class="content">
      <router-outlet />
    </main>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      height: 100vh;
    }
    .topbar {
      display: flex;
      align-items: center;
      gap: 1rem;
      flex: none;
      height: 3rem;
      padding: 0 1rem;
      background: var(--surface);
      border-bottom: 1px solid var(--border);
    }
    .brand {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      font-weight: 700;
      color: var(--text);
      text-decoration: none;
    }
    .logo {
      display: inline-grid;
      place-items: center;
      width: 1.75rem;
      height: 1.75rem;
      border-radius: 7px;
      background: var(--accent);
      color: var(--on-accent);
      font-size: 0.875rem;
    }
    .workspace {
      padding-left: 1rem;
      border-left: 1px solid var(--border);
      color: var(--text-muted);
      font-size: 0.875rem;
    }
    nav {
      display: flex;
      gap: 0.25rem;
      margin-left: 1rem;
    }
    nav a {
      padding: 0.375rem 0.625rem;
      border-radius: var(--radius);
      color: var(--text-muted);
      font-size: 0.875rem;
      text-decoration: none;
    }
    nav a:hover {
      color: var(--text);
      background: var(--surface-muted);
    }
    nav a.active {
      color: var(--accent);
      background: var(--accent-soft);
      font-weight: 500;
    }
    .account {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      margin-left: auto;
    }
    .user {
      font-size: 0.875rem;
    }
    /* Pages fill the rest of the window and scroll inside themselves (the conversations workspace does). */
    .content {
      flex: 1;
      min-height: 0;
      display: flex;
      flex-direction: column;
      overflow: auto;
    }
    .content > :not(router-outlet) {
      flex: 1;
      min-height: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  protected readonly auth = inject(AuthService);
  protected readonly theme = inject(ThemeService);
  // Alive on every signed-in page: the tab title counts SLA alerts even away from the conversations.
  protected readonly attention = inject(AttentionService);
  private readonly router = inject(Router);

  constructor() {
    // After a page reload only the token survives; fetch the profile for the top bar.
    // A 401 here is handled by the auth interceptor (sign out, back to /login).
    if (this.auth.isAuthenticated() && !this.auth.user()) {
      this.auth.loadMe().catch(() => undefined);
    }
  }

  signOut(): void {
    this.auth.logout();
    void this.router.navigateByUrl('/login');
  }
}

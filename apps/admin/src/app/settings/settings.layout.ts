import { ChangeDetectionStrategy, Component, ViewEncapsulation, computed, inject } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from '../auth/auth.service';
import { registerSettingsIcons } from './settings-icons';

export interface SettingsLink {
  path: string;
  label: string;
  icon: string;
  /** Only admins see (and may open) it: the API answers 403 to operators there. */
  admin: boolean;
}

export const SETTINGS_LINKS: readonly SettingsLink[] = [
  { path: 'start', label: 'Get started', icon: 'checklist', admin: true },
  { path: 'autonomy', label: 'Autonomy', icon: 'tune', admin: true },
  { path: 'channels', label: 'Channels', icon: 'hub', admin: true },
  { path: 'assistant', label: 'Assistant', icon: 'smart_toy', admin: true },
  { path: 'knowledge', label: 'Knowledge base', icon: 'menu_book', admin: false },
  { path: 'team', label: 'Team & API keys', icon: 'group', admin: true },
  { path: 'campaigns', label: 'Templates & campaigns', icon: 'campaign', admin: true },
  { path: 'dead-letters', label: 'Failed sends', icon: 'error', admin: true },
];

/** What a role may open in Settings (operators: the knowledge base, read only). */
export function linksFor(role: string | undefined): SettingsLink[] {
  return SETTINGS_LINKS.filter((l) => !l.admin || role === 'admin');
}

/**
 * Settings: a side navigation and the routed page. Holds the styles every settings page shares
 * (unencapsulated, scoped under this element), so each page's own styles stay small.
 */
@Component({
  selector: 'app-settings-layout',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatIconModule],
  template: `
    <nav class="settings-nav" aria-label="Settings">
      <h2 class="settings-nav-title">Settings</h2>
      @for (link of links(); track link.path) {
        <a [routerLink]="link.path" routerLinkActive="active" ariaCurrentWhenActive="page">
          <mat-icon [svgIcon]="link.icon" aria-hidden="true" />
          {{ link.label }}
        </a>
      }
    </nav>
    <div class="settings-main">
      <router-outlet />
    </div>
  `,
  styleUrl: './settings.css',
  encapsulation: ViewEncapsulation.None,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SettingsLayout {
  private readonly auth = inject(AuthService);
  protected readonly links = computed(() => linksFor(this.auth.user()?.role));

  constructor() {
    registerSettingsIcons();
  }
}

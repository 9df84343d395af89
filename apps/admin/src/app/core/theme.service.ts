import { DOCUMENT } from '@angular/common';
import { Injectable, computed, inject, signal } from '@angular/core';

export type ThemeChoice = 'system' | 'light' | 'dark';

export const THEME_STORAGE_KEY = 'parley.theme';

/**
 * Light or dark. Follows `prefers-color-scheme` until the operator picks one, then remembers it
 * (localStorage). The stylesheet does the rest: html.theme-light|theme-dark sets `color-scheme`.
 */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly document = inject(DOCUMENT);
  private readonly media = this.document.defaultView?.matchMedia?.('(prefers-color-scheme: dark)') ?? null;
  private readonly systemDark = signal(this.media?.matches ?? false);
  private readonly choiceState = signal<ThemeChoice>(readChoice());

  readonly choice = this.choiceState.asReadonly();
  /** What is shown now. */
  readonly dark = computed(() => (this.choiceState() === 'system' ? this.systemDark() : this.choiceState() === 'dark'));

  constructor() {
    this.media?.addEventListener?.('change', (e) => this.systemDark.set(e.matches));
    this.apply();
  }

  set(choice: ThemeChoice): void {
    this.choiceState.set(choice);
    try {
      if (choice === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
      else localStorage.setItem(THEME_STORAGE_KEY, choice);
    } catch {
      // storage unavailable: the choice lasts for this tab
    }
    this.apply();
  }

  /** Light ⇄ dark (from whatever is shown now). */
  toggle(): void {
    this.set(this.dark() ? 'light' : 'dark');
  }

  private apply(): void {
    const root = this.document.documentElement;
    root.classList.toggle('theme-light', this.choiceState() === 'light');
    root.classList.toggle('theme-dark', this.choiceState() === 'dark');
  }
}

function readChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(THEME_STORAGE_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

import { DOCUMENT } from '@angular/common';
import { Injectable, computed, effect, inject, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { NavigationEnd, Router } from '@angular/router';
import { filter } from 'rxjs';
import { persisted } from './persisted';
import { RealtimeService } from './realtime.service';

/**
 * Makes operators notice what needs them: a count in the tab title ("(2) Conversations · Parley") for
 * new escalations (reported by the conversations store, which knows a card's previous status) and SLA
 * alerts (`alert.created`, on every signed-in page) that arrived while they looked elsewhere, and an optional chime
 * (off by default, remembered). The count clears when the tab is visible and focused again.
 */
@Injectable({ providedIn: 'root' })
export class AttentionService {
  private readonly document = inject(DOCUMENT);
  private readonly title = inject(Title);
  private readonly pending = signal(0);
  private baseTitle = '';
  private audio: AudioContext | null = null;

  readonly count = this.pending.asReadonly();
  readonly soundOn = persisted('alerts.sound', false, (v) => typeof v === 'boolean');
  readonly badge = computed(() => (this.pending() > 0 ? `(${this.pending()}) ` : ''));

  constructor() {
    const router = inject(Router);
    // SLA alerts need someone wherever the operator is in the app.
    inject(RealtimeService).on('alert.created', () => this.notify());
    this.baseTitle = stripBadge(this.title.getTitle());
    // The router sets the page title on navigation: keep the badge in front of whatever it sets.
    router.events.pipe(filter((e) => e instanceof NavigationEnd)).subscribe(() => queueMicrotask(() => this.render()));
    effect(() => {
      this.badge();
      this.render();
    });
    const clear = () => {
      if (this.document.visibilityState === 'visible' && this.document.hasFocus()) this.pending.set(0);
    };
    this.document.addEventListener('visibilitychange', clear);
    this.document.defaultView?.addEventListener('focus', clear);
  }

  /** Something needs an operator: count it unless they are looking, and chime if enabled. */
  notify(): void {
    const looking = this.document.visibilityState === 'visible' && this.document.hasFocus();
    if (!looking) this.pending.update((n) => n + 1);
    if (this.soundOn()) this.chime();
  }

  clear(): void {
    this.pending.set(0);
  }

  private render(): void {
    const current = stripBadge(this.title.getTitle());
    if (current) this.baseTitle = current;
    this.title.setTitle(this.badge() + this.baseTitle);
  }

  /** Two short tones through WebAudio (no sound file to ship). Browsers may block it until the page was clicked once. */
  private chime(): void {
    try {
      const Ctx = this.document.defaultView?.AudioContext;
      if (!Ctx) return;
      this.audio ??= new Ctx();
      const ctx = this.audio;
      const now = ctx.currentTime;
      [880, 1320].forEach((freq, i) => {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.0001, now + i * 0.16);
        gain.gain.exponentialRampToValueAtTime(0.2, now + i * 0.16 + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.16 + 0.15);
        osc.connect(gain).connect(ctx.destination);
        osc.start(now + i * 0.16);
        osc.stop(now + i * 0.16 + 0.16);
      });
    } catch {
      // no audio: the title badge still shows
    }
  }
}

function stripBadge(title: string): string {
  return title.replace(/^\(\d+\)\s*/, '');
}

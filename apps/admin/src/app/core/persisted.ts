import { effect, signal, type WritableSignal } from '@angular/core';

/**
 * A signal remembered in localStorage under `parley.<key>` (JSON). Falls back to `initial` when storage
 * is unavailable or holds something unreadable. Call from an injection context (it uses an effect).
 */
export function persisted<T>(key: string, initial: T, valid: (v: unknown) => boolean = () => true): WritableSignal<T> {
  const storageKey = `parley.${key}`;
  let start = initial;
  try {
    const raw = localStorage.getItem(storageKey);
    if (raw !== null) {
      const parsed: unknown = JSON.parse(raw);
      if (valid(parsed)) start = parsed as T;
    }
  } catch {
    // unreadable or no storage: keep the default
  }
  const state = signal<T>(start);
  effect(() => {
    const value = state();
    try {
      localStorage.setItem(storageKey, JSON.stringify(value));
    } catch {
      // storage full or unavailable: the value lasts for this tab
    }
  });
  return state;
}

/** The thread's single-key shortcuts: r reply, n note, e resolve, a assign. */
export type ThreadShortcut = 'reply' | 'note' | 'resolve' | 'assign';

const KEYS: Record<string, ThreadShortcut> = { r: 'reply', n: 'note', e: 'resolve', a: 'assign' };

/** Where a keystroke is text, not a command. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  return !!el.closest(
    'input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="combobox"], [role="listbox"], [role="menu"], [role="dialog"] input',
  );
}

/** The same switch the shell's shortcut help uses (`localStorage['parley.shortcuts'] = 'off'`). */
export const SHORTCUTS_STORAGE_KEY = 'parley.shortcuts';

export function shortcutsEnabled(): boolean {
  try {
    return globalThis.localStorage?.getItem(SHORTCUTS_STORAGE_KEY) !== 'off';
  } catch {
    return true;
  }
}

/**
 * The shortcut a keydown means, or null: never while typing, never with Ctrl, Meta or Alt (AltGr and
 * Alt-letter combinations type characters on many non-English layouts), never on repeat, never when the
 * operator switched shortcuts off or a dialog/menu is open.
 */
export function threadShortcut(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'repeat' | 'target' | 'defaultPrevented'>,
  enabled = shortcutsEnabled(),
): ThreadShortcut | null {
  if (!enabled || event.defaultPrevented || event.repeat || event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTypingTarget(event.target)) return null;
  if (typeof document !== 'undefined' && document.querySelector('.cdk-overlay-container .cdk-overlay-pane:not(:empty), dialog[open]')) return null;
  return KEYS[event.key] ?? null;
}

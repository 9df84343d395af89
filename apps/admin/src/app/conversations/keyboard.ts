/** The workspace's single-key shortcuts (no modifier: no collisions with AltGr layouts or the browser). */
export const SHORTCUTS = [
  { key: 'j', action: 'next', label: 'Next conversation' },
  { key: 'k', action: 'previous', label: 'Previous conversation' },
  { key: 'Enter', action: 'open', label: 'Open the highlighted conversation' },
  { key: 'r', action: 'reply', label: 'Reply (focus the composer)' },
  { key: 'n', action: 'note', label: 'Write an internal note' },
  { key: 'e', action: 'resolve', label: 'Resolve the open conversation' },
  { key: 'a', action: 'assign', label: 'Assign the open conversation to me' },
  { key: 'x', action: 'select', label: 'Select the highlighted conversation' },
  { key: '/', action: 'search', label: 'Search' },
  { key: '?', action: 'help', label: 'Show these shortcuts' },
] as const;

export type ShortcutAction = (typeof SHORTCUTS)[number]['action'];

/** True when the event comes from somewhere the operator types (inputs, text areas, rich text, selects). */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  if (el.isContentEditable) return true;
  const typing = el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="combobox"]');
  if (!typing) return false;
  if (typing.tagName === 'INPUT') {
    const type = ((typing as HTMLInputElement).type || 'text').toLowerCase();
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
  }
  return true;
}

/**
 * The shortcut a keydown means, or null: never while typing, never with Ctrl/Alt/Meta (AltGr on
 * non-English layouts reports Ctrl+Alt), never on a repeat of Enter, never while a dialog is open.
 */
export function shortcutFor(event: KeyboardEvent, enabled = true): ShortcutAction | null {
  if (!enabled || event.defaultPrevented || event.isComposing) return null;
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  if (isTypingTarget(event.target)) return null;
  const target = event.target as HTMLElement | null;
  if (target?.closest?.('.cdk-overlay-container, [role="dialog"], [role="menu"], [role="listbox"]')) return null;
  // Enter on a button or link already does what that control does.
  if (event.key === 'Enter' && target?.closest?.('button, a, [role="button"], mat-checkbox')) return null;
  const found = SHORTCUTS.find((s) => s.key === event.key);
  return found ? found.action : null;
}

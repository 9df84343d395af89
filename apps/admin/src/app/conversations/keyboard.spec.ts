import { isTypingTarget, shortcutFor } from './keyboard';

function keydown(key: string, target: HTMLElement, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, ...init });
  Object.defineProperty(event, 'target', { value: target });
  return event;
}

describe('keyboard shortcut guard', () => {
  let body: HTMLElement;
  beforeEach(() => {
    document.body.innerHTML = `
      <div id="plain"></div>
      <input id="text" type="text" />
      <input id="check" type="checkbox" />
      <textarea id="area"></textarea>
      <div id="rich" contenteditable="true"><span id="inside">x</span></div>
      <select id="sel"></select>
      <button id="btn">b</button>
      <div class="cdk-overlay-container"><div id="overlay"></div></div>`;
    body = document.getElementById('plain') as HTMLElement;
  });
  const el = (id: string) => document.getElementById(id) as HTMLElement;

  it('maps the single keys', () => {
    expect(shortcutFor(keydown('j', body))).toBe('next');
    expect(shortcutFor(keydown('k', body))).toBe('previous');
    expect(shortcutFor(keydown('Enter', body))).toBe('open');
    expect(shortcutFor(keydown('/', body))).toBe('search');
    expect(shortcutFor(keydown('?', body, { shiftKey: true }))).toBe('help');
    expect(shortcutFor(keydown('e', body))).toBe('resolve');
    expect(shortcutFor(keydown('q', body))).toBeNull();
  });

  it('never fires while typing', () => {
    for (const id of ['text', 'area', 'rich', 'sel']) expect(shortcutFor(keydown('j', el(id)))).toBeNull();
    // jsdom does not implement isContentEditable: the attribute check covers it.
    expect(isTypingTarget(el('inside'))).toBe(true);
    expect(isTypingTarget(el('check'))).toBe(false);
    expect(shortcutFor(keydown('j', el('check')))).toBe('next');
  });

  it('ignores Ctrl, Alt (AltGr) and Meta combinations', () => {
    expect(shortcutFor(keydown('j', body, { altKey: true }))).toBeNull();
    expect(shortcutFor(keydown('/', body, { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutFor(keydown('k', body, { metaKey: true }))).toBeNull();
  });

  it('stays quiet in dialogs and menus, and leaves Enter to buttons', () => {
    expect(shortcutFor(keydown('j', el('overlay')))).toBeNull();
    expect(shortcutFor(keydown('Enter', el('btn')))).toBeNull();
  });

  it('can be switched off', () => {
    expect(shortcutFor(keydown('j', body), false)).toBeNull();
  });

  it('ignores IME composition', () => {
    expect(shortcutFor(keydown('j', body, { isComposing: true }))).toBeNull();
  });
});

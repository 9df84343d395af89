import { clearComposerDraft, DRAFT_KEY_PREFIX, DRAFT_MAX_AGE_MS, loadComposerDraft, saveComposerDraft } from './composer-draft';
import { SHORTCUTS_STORAGE_KEY, shortcutsEnabled, threadShortcut } from './keyboard';

describe('composer drafts across reloads', () => {
  beforeEach(() => localStorage.clear());

  it('keeps one unsent draft per conversation', () => {
    saveComposerDraft('c1', { body: 'Hello Dana', note: false });
    saveComposerDraft('c2', { body: 'internal', note: true });
    expect(loadComposerDraft('c1')?.body).toBe('Hello Dana');
    expect(loadComposerDraft('c2')).toMatchObject({ body: 'internal', note: true });
    expect(loadComposerDraft('c3')).toBeNull();
  });

  it('forgets an emptied draft and a cleared one', () => {
    saveComposerDraft('c1', { body: 'x' });
    saveComposerDraft('c1', { body: '   ', subject: '' });
    expect(localStorage.getItem(`${DRAFT_KEY_PREFIX}c1`)).toBeNull();
    saveComposerDraft('c1', { body: '', html: '<p>rich</p>' });
    expect(loadComposerDraft('c1')?.html).toBe('<p>rich</p>');
    clearComposerDraft('c1');
    expect(loadComposerDraft('c1')).toBeNull();
  });

  it('drops drafts older than a month and survives garbage', () => {
    saveComposerDraft('c1', { body: 'old' }, new Date('2026-01-01T00:00:00Z'));
    expect(loadComposerDraft('c1', Date.parse('2026-01-01T00:00:00Z') + DRAFT_MAX_AGE_MS + 1)).toBeNull();
    localStorage.setItem(`${DRAFT_KEY_PREFIX}c2`, '{not json');
    expect(loadComposerDraft('c2')).toBeNull();
  });
});

describe('keyboard guard', () => {
  const key = (k: string, target: EventTarget | null = document.body, mods: Partial<KeyboardEvent> = {}) =>
    threadShortcut({ key: k, ctrlKey: false, metaKey: false, altKey: false, repeat: false, defaultPrevented: false, target, ...mods }, true);

  it('maps r n e a', () => {
    expect(['r', 'n', 'e', 'a', 'x'].map((k) => key(k))).toEqual(['reply', 'note', 'resolve', 'assign', null]);
  });

  it('never fires while typing', () => {
    const input = document.createElement('input');
    const area = document.createElement('textarea');
    const editable = document.createElement('div');
    editable.setAttribute('contenteditable', 'true');
    const inner = document.createElement('span');
    editable.appendChild(inner);
    document.body.append(input, area, editable);
    expect(key('r', input)).toBeNull();
    expect(key('n', area)).toBeNull();
    expect(key('e', inner)).toBeNull();
  });

  it('ignores modifier combinations (Alt, AltGr, Ctrl, Meta) and repeats', () => {
    expect(key('e', document.body, { altKey: true })).toBeNull();
    expect(key('e', document.body, { ctrlKey: true })).toBeNull();
    expect(key('e', document.body, { metaKey: true })).toBeNull();
    expect(key('e', document.body, { repeat: true })).toBeNull();
  });

  it('can be switched off', () => {
    localStorage.setItem(SHORTCUTS_STORAGE_KEY, 'off');
    expect(shortcutsEnabled()).toBe(false);
    expect(
      threadShortcut({ key: 'r', ctrlKey: false, metaKey: false, altKey: false, repeat: false, defaultPrevented: false, target: document.body }),
    ).toBeNull();
    localStorage.removeItem(SHORTCUTS_STORAGE_KEY);
    expect(shortcutsEnabled()).toBe(true);
  });
});

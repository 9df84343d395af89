/** What an operator had typed in a conversation's composer, kept across reloads (localStorage). */
export interface ComposerDraft {
  body: string;
  subject?: string;
  /** HTML of the rich-text email editor, when the channel is email. */
  html?: string;
  note?: boolean;
  channelAccountId?: string;
  savedAt?: string;
}

export const DRAFT_KEY_PREFIX = 'parley.composer.';
/** Older unsent drafts are dropped when read. */
export const DRAFT_MAX_AGE_MS = 30 * 24 * 3600_000;

const key = (conversationId: string) => `${DRAFT_KEY_PREFIX}${conversationId}`;

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function isEmptyDraft(d: ComposerDraft): boolean {
  return !d.body.trim() && !d.subject?.trim() && !stripTags(d.html ?? '').trim();
}

const stripTags = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ');

export function loadComposerDraft(conversationId: string, now = Date.now()): ComposerDraft | null {
  const s = storage();
  const raw = s?.getItem(key(conversationId));
  if (!raw) return null;
  try {
    const d = JSON.parse(raw) as ComposerDraft;
    if (typeof d?.body !== 'string') return null;
    if (d.savedAt && now - Date.parse(d.savedAt) > DRAFT_MAX_AGE_MS) {
      s?.removeItem(key(conversationId));
      return null;
    }
    return d;
  } catch {
    return null;
  }
}

/** Saves the draft, or forgets it when it is empty. */
export function saveComposerDraft(conversationId: string, draft: ComposerDraft, now = new Date()): void {
  const s = storage();
  if (!s) return;
  try {
    if (isEmptyDraft(draft)) s.removeItem(key(conversationId));
    else s.setItem(key(conversationId), JSON.stringify({ ...draft, savedAt: now.toISOString() }));
  } catch {
    // Quota or private mode: the draft then lives as long as the page.
  }
}

export function clearComposerDraft(conversationId: string): void {
  try {
    storage()?.removeItem(key(conversationId));
  } catch {
    // nothing to clear
  }
}

import { filetypemime } from 'magic-bytes.js';
import { ALLOWED_ATTACHMENT_TYPES } from './attachment-limits';

/**
 * A stored file's type is what its bytes are (issue 12): whatever an uploader or a remote server claims, the
 * bytes are sniffed, must be of an accepted type, and must agree with the claim. Files are served so that no
 * browser renders them as a page.
 */

export type TypedFile = { ok: true; contentType: string } | { ok: false; reason: string };

/** Claims that say nothing about the content. */
const GENERIC_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown']);
/** Accepted types with no signature of their own: plain text, checked to be text and not markup. */
const TEXT_TYPES = new Set(['text/plain', 'text/csv', 'text/calendar']);
/** Names providers use for the types we list under another name. */
const SYNONYMS: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/x-m4a': 'audio/mp4',
};
/** What a sniffed container also is: an Ogg stream may be audio/ogg, an ISO-BMFF file audio/mp4 or video/3gpp. */
const ALSO: Record<string, string[]> = {
  'application/ogg': ['audio/ogg'],
  'video/mp4': ['audio/mp4', 'audio/aac', 'video/3gpp'],
  'audio/x-wav': ['audio/wav'],
  'image/apng': ['image/png'],
};
/** Shown in the browser; everything else is downloaded. None of these can run script. */
const INLINE_SAFE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
  'audio/mpeg',
  'audio/ogg',
  'audio/aac',
  'audio/mp4',
  'audio/wav',
  'audio/webm',
  'video/mp4',
  'video/3gpp',
]);

const normalize = (type: string | undefined): string => {
  const bare = (type ?? '').split(';')[0].trim().toLowerCase();
  return SYNONYMS[bare] ?? bare;
};

/** The accepted type `data` is, given what it was said to be; a refusal names the mismatch. */
export function typeOfBytes(data: Buffer, declared: string | undefined): TypedFile {
  const claim = normalize(declared);
  const generic = GENERIC_TYPES.has(claim);
  const sniffed = new Set<string>();
  for (const mime of filetypemime(data)) {
    if (!mime) continue;
    sniffed.add(normalize(mime));
    for (const other of ALSO[mime] ?? []) sniffed.add(other);
  }
  if (sniffed.size) {
    const accepted = [...sniffed].filter((t) => ALLOWED_ATTACHMENT_TYPES.includes(t));
    if (!generic) {
      if (accepted.includes(claim)) return { ok: true, contentType: claim };
      return { ok: false, reason: `the file's content is ${[...sniffed][0]}, not ${claim}` };
    }
    return accepted.length ? { ok: true, contentType: accepted[0] } : { ok: false, reason: `files of type ${[...sniffed][0]} are not accepted` };
  }
  const textType = generic ? 'text/plain' : claim;
  if (!TEXT_TYPES.has(textType)) return { ok: false, reason: `the file's content is not ${claim || 'of a known type'}` };
  if (!isText(data)) return { ok: false, reason: `the file's content is not ${textType}` };
  if (isMarkup(data)) return { ok: false, reason: 'HTML, XML and SVG files are not accepted' };
  return { ok: true, contentType: textType };
}

/** UTF-8 without control characters other than tab, line breaks and form feed. */
function isText(data: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return false;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) return false;
  }
  return true;
}

/** Text a browser would treat as a page if it ever sniffed it. */
function isMarkup(data: Buffer): boolean {
  const head = data
    .subarray(0, 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return /^\s*</.test(head) || /<(script|html|body|iframe|svg|!doctype|\?xml)\b/i.test(head);
}

/** The headers a stored file is served with: its sniffed type, never rendered as a page, never re-sniffed. */
export function fileHeaders(file: { contentType: string; filename: string; size: number }): Record<string, string> {
  const type = ALLOWED_ATTACHMENT_TYPES.includes(file.contentType) ? file.contentType : 'application/octet-stream';
  const disposition = INLINE_SAFE_TYPES.has(type) ? 'inline' : 'attachment';
  return {
    'content-type': type,
    'content-length': String(file.size),
    'content-disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    'x-content-type-options': 'nosniff',
  };
}

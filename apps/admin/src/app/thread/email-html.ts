/**
 * How an email's HTML is shown: inside `<iframe sandbox>` without `allow-scripts`, from a `srcdoc` built
 * here. The server already sanitizes HTML; this is the second wall: scripts, frames, forms, refreshes and
 * event handlers are removed again, and a Content-Security-Policy forbids scripts and every fetch but
 * images from `data:` and `blob:` (the message's own inline parts, fetched with the login token).
 *
 * Remote images arrive from the server as placeholders, `<img data-remote-src="https://…">` without a
 * `src`: each is shown as a small box (its alt text or "Remote image") until the operator chooses
 * "Load images"; then the https address moves into `src` and the CSP lets https images, and only them, in.
 * `cid:` images take the blob URL of the attachment whose `contentId` they name.
 */
export interface EmailDocument {
  srcdoc: string;
  /** How many remote images are held back (0 when `allowImages`). */
  blockedImages: number;
  /** The `contentId`s the HTML shows inline (`src="cid:…"`), lower-cased. */
  inlineIds: string[];
}

export interface EmailOptions {
  allowImages: boolean;
  dark?: boolean;
  /** contentId (any case) → the attachment's `blob:` URL. A `cid:` image not (yet) in it shows as a box. */
  inline?: Readonly<Record<string, string>>;
}

const REMOVE = 'script, iframe, frame, frameset, object, embed, applet, form, input, button, textarea, select, link, meta, base, noscript, template, svg, math';
const REMOTE = /^\s*(?:https?:)?\/\//i;
const HTTPS = /^https:\/\/[^\s"'<>]+$/i;
const CID = /^\s*cid:\s*<?([^>\s]+)>?\s*$/i;
const REMOTE_ATTR = 'data-remote-src';

export function emailCsp(allowImages: boolean): string {
  return [`default-src 'none'`, `script-src 'none'`, `style-src 'unsafe-inline'`, `font-src data:`, `img-src data: blob:${allowImages ? ' https:' : ''}`].join(
    '; ',
  );
}

/** The `contentId`s an email's HTML shows inline (`src="cid:…"`), lower-cased. */
export function inlineContentIds(html: string | null | undefined): string[] {
  if (!html) return [];
  const ids = new Set<string>();
  for (const m of html.matchAll(/src\s*=\s*["']?\s*cid:\s*<?([^"'>\s]+)/gi)) ids.add(m[1].toLowerCase());
  return [...ids];
}

function placeholder(doc: Document, img: Element, text: string, cls: string): void {
  const box = doc.createElement('span');
  box.className = cls;
  box.setAttribute('role', 'img');
  const alt = img.getAttribute('alt')?.trim();
  box.setAttribute('aria-label', alt || text);
  box.setAttribute('title', alt ? `${text}: ${alt}` : text);
  box.textContent = alt || text;
  img.replaceWith(box);
}

export function emailSrcdoc(html: string, options: EmailOptions): EmailDocument {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  doc.querySelectorAll(REMOVE).forEach((el) => el.remove());
  const inline = new Map(Object.entries(options.inline ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const inlineIds = new Set<string>();
  let blockedImages = 0;
  for (const el of Array.from(doc.body.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || name === 'srcset' || name === 'formaction') el.removeAttribute(attr.name);
      else if (
        (name === 'href' || name === 'src' || name === 'action' || name === 'xlink:href') &&
        /^\s*(?:javascript|vbscript|data:text\/html)/i.test(attr.value)
      )
        el.removeAttribute(attr.name);
      else if (!options.allowImages && (name === 'background' || (name === 'style' && /url\s*\(/i.test(attr.value)))) {
        el.removeAttribute(attr.name);
        blockedImages++;
      }
    }
    if (el.tagName === 'A') {
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer nofollow');
    }
    if (el.tagName !== 'IMG') continue;
    const src = el.getAttribute('src') ?? '';
    const cid = CID.exec(src);
    if (cid) {
      const id = cid[1].toLowerCase();
      inlineIds.add(id);
      const url = inline.get(id);
      if (url && url.startsWith('blob:')) el.setAttribute('src', url);
      else placeholder(doc, el, 'Inline image', 'email-img-box');
      continue;
    }
    // A remote image: the server's placeholder, or (older mail, a second wall) a remote src.
    const remote = el.getAttribute(REMOTE_ATTR) ?? (REMOTE.test(src) ? src : null);
    if (remote === null) continue;
    el.removeAttribute(REMOTE_ATTR);
    el.removeAttribute('src');
    const address = remote.trim().replace(/^\/\//, 'https://');
    if (options.allowImages && HTTPS.test(address)) el.setAttribute('src', address);
    else {
      if (!options.allowImages) blockedImages++;
      placeholder(doc, el, 'Remote image', 'email-img-box');
    }
  }
  doc.querySelectorAll('style').forEach((s) => {
    if (!options.allowImages && /url\s*\(/i.test(s.textContent ?? '')) {
      s.textContent = (s.textContent ?? '').replace(/url\s*\([^)]*\)/gi, 'none');
      blockedImages++;
    }
  });
  const fg = options.dark ? '#e6e8ee' : '#1d2330';
  const link = options.dark ? '#a5b4fc' : '#4f46e5';
  const box = options.dark ? 'color:#9aa1ad;background:#262b36;border:1px dashed #5b6270' : 'color:#5b6270;background:#f3f4f7;border:1px dashed #9aa1ad';
  const styles = doc.head.querySelectorAll('style');
  const headStyles = Array.from(styles)
    .map((s) => s.outerHTML)
    .join('');
  const srcdoc =
    `<!doctype html><html><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${emailCsp(options.allowImages)}">` +
    `<style>html{color-scheme:${options.dark ? 'dark' : 'light'}}html,body{margin:0;padding:0;background:transparent;color:${fg};font:14px/1.5 system-ui,sans-serif;overflow-wrap:anywhere}` +
    `a{color:${link}}img{max-width:100%;height:auto}` +
    `.email-img-box{display:inline-block;max-width:100%;padding:.125em .5em;${box};border-radius:4px;font-size:12px;line-height:1.6;vertical-align:middle;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}` +
    `table{max-width:100%}blockquote{margin:0 0 0 .5em;padding-left:.75em;border-left:3px solid #c5cad3}</style>` +
    headStyles +
    `</head><body>${doc.body.innerHTML}</body></html>`;
  return { srcdoc, blockedImages, inlineIds: [...inlineIds] };
}

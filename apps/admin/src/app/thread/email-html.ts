/**
 * How an email's HTML is shown: inside `<iframe sandbox>` without `allow-scripts`, from a `srcdoc` built
 * here. The server already sanitizes HTML; this is the second wall: scripts, frames, forms, refreshes and
 * event handlers are removed again, a Content-Security-Policy forbids scripts and every fetch, and remote
 * images (tracking pixels) stay blocked until the operator chooses "Load images".
 */
export interface EmailDocument {
  srcdoc: string;
  /** How many remote images were held back (0 when `allowImages`). */
  blockedImages: number;
}

const REMOVE = 'script, iframe, frame, frameset, object, embed, applet, form, input, button, textarea, select, link, meta, base, noscript, template, svg, math';
const REMOTE = /^\s*(?:https?:)?\/\//i;

export function emailCsp(allowImages: boolean): string {
  return [
    `default-src 'none'`,
    `script-src 'none'`,
    `style-src 'unsafe-inline'`,
    `font-src data:`,
    `img-src data: cid:${allowImages ? ' https: http:' : ''}`,
  ].join('; ');
}

export function emailSrcdoc(html: string, options: { allowImages: boolean; dark?: boolean }): EmailDocument {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  doc.querySelectorAll(REMOVE).forEach((el) => el.remove());
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
    if (el.tagName === 'IMG' && !options.allowImages && REMOTE.test(el.getAttribute('src') ?? '')) {
      el.setAttribute('data-blocked-src', el.getAttribute('src') ?? '');
      el.removeAttribute('src');
      if (!el.getAttribute('alt')) el.setAttribute('alt', '[image blocked]');
      blockedImages++;
    }
    if (el.tagName === 'A') {
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer nofollow');
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
  const styles = doc.head.querySelectorAll('style');
  const headStyles = Array.from(styles)
    .map((s) => s.outerHTML)
    .join('');
  const srcdoc =
    `<!doctype html><html><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${emailCsp(options.allowImages)}">` +
    `<style>html,body{margin:0;padding:0;background:transparent;color:${fg};font:14px/1.5 system-ui,sans-serif;overflow-wrap:anywhere}` +
    `a{color:${link}}img{max-width:100%;height:auto}img[data-blocked-src]{display:inline-block;min-width:1.5em;min-height:1em;border:1px dashed #9aa1ad}` +
    `table{max-width:100%}blockquote{margin:0 0 0 .5em;padding-left:.75em;border-left:3px solid #c5cad3}</style>` +
    headStyles +
    `</head><body>${doc.body.innerHTML}</body></html>`;
  return { srcdoc, blockedImages };
}

import sanitize from 'sanitize-html';

/**
 * The policy for inbound email HTML, the repo's message-body policy (libs/core common/html-policy) plus what
 * mail needs: inline `style` with a safe subset of CSS (no `expression()`, no `url()`, no escapes), and
 * remote images turned into placeholders. Scripts, styles, frames, forms, `<base>`, objects and event
 * handlers go; links only to http(s) and mailto, always `rel="noopener noreferrer nofollow"`.
 *
 * Images: `cid:` (a part of the same mail, served by the host from the message's attachments) keeps its
 * `src`; an `https:` image keeps no `src` (it would tell the sender the mail was read, and when) but
 * `data-remote-src`, which the dashboard loads only when the operator asks; anything else is dropped.
 */
const LINK = /^(?:https?:|mailto:)/i;
const CID = /^cid:[^\s"'<>]+$/i;
const REMOTE = /^https:\/\/[^\s"'<>]+$/i;
const REL = 'noopener noreferrer nofollow';
export const REMOTE_IMAGE_ATTRIBUTE = 'data-remote-src';

/** A CSS value with no way out: no functions but colours, no escapes, no comments, no `url`, `expression`, `behavior`. */
const SAFE_CSS_VALUE = /^(?!.*(?:expression|url|javascript|vbscript|behavior|binding|import|\\|\/\*))(?:[-#%.,!\w\s'"]|(?:rgba?|hsla?)\([\d\s.,%]+\))*$/i;
const CSS_PROPERTIES = [
  'color',
  'background-color',
  'font',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'line-height',
  'letter-spacing',
  'text-align',
  'text-decoration',
  'text-indent',
  'text-transform',
  'vertical-align',
  'white-space',
  'word-break',
  'width',
  'max-width',
  'min-width',
  'height',
  'margin',
  'margin-top',
  'margin-right',
  'margin-bottom',
  'margin-left',
  'padding',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'border',
  'border-top',
  'border-right',
  'border-bottom',
  'border-left',
  'border-color',
  'border-style',
  'border-width',
  'border-collapse',
  'border-spacing',
  'border-radius',
  'list-style-type',
  'display',
];
const STYLES = Object.fromEntries(CSS_PROPERTIES.map((p) => [p, [SAFE_CSS_VALUE]]));

/** The attributes in their order, `name` kept (trimmed) only when its value passes `test`. */
const only = (attribs: sanitize.Attributes, name: string, test: RegExp): sanitize.Attributes =>
  Object.fromEntries(Object.entries(attribs).flatMap(([key, value]) => (key !== name ? [[key, value]] : test.test(value.trim()) ? [[key, value.trim()]] : [])));

// prettier-ignore
const TAGS = [
  'p', 'br', 'hr', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'sub', 'sup', 'small', 'mark', 'code', 'pre',
  'blockquote', 'q', 'cite', 'abbr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col', 'a', 'img', 'font', 'center',
];

const POLICY: sanitize.IOptions = {
  allowedTags: TAGS,
  allowedAttributes: {
    '*': ['style', 'align', 'dir', 'title'],
    a: ['href', 'rel', 'target'],
    img: ['src', 'alt', 'width', 'height', REMOTE_IMAGE_ATTRIBUTE],
    table: ['width', 'cellpadding', 'cellspacing', 'border'],
    td: ['colspan', 'rowspan', 'width', 'valign'],
    th: ['colspan', 'rowspan', 'width', 'valign', 'scope'],
    col: ['span', 'width'],
    colgroup: ['span'],
    ol: ['start', 'type'],
    font: ['color', 'size'],
  },
  allowedStyles: { '*': STYLES },
  allowedSchemes: ['http', 'https', 'mailto', 'cid'],
  allowedSchemesByTag: { img: ['https', 'cid'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', REMOTE_IMAGE_ATTRIBUTE],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Their text is code or markup, never content to keep.
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'title',
    'head',
    'template',
    'iframe',
    'object',
    'svg',
    'math',
    'xmp',
    'noembed',
    'noframes',
  ],
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...only(only(attribs, 'href', LINK), 'target', /^_blank$/), rel: REL } }),
    img: (tagName, attribs) => {
      // A placeholder already made (this policy is idempotent) is a remote image like any other.
      const { src, [REMOTE_IMAGE_ATTRIBUTE]: placeholder, ...rest } = attribs;
      const source = (src ?? placeholder ?? '').trim();
      if (CID.test(source)) return { tagName, attribs: { ...rest, src: source } };
      if (REMOTE.test(source)) return { tagName, attribs: { ...rest, [REMOTE_IMAGE_ATTRIBUTE]: source } };
      return { tagName, attribs: rest };
    },
    font: (tagName, attribs) => ({ tagName, attribs: only(only(attribs, 'color', /^#?\w{1,20}$/), 'size', /^[-+]?\d$/) }),
  },
  // An image with neither a part of the mail nor a remote placeholder shows nothing: drop the tag.
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs['src'] && !frame.attribs[REMOTE_IMAGE_ATTRIBUTE],
};

/** Inbound email `html` made safe to store and render (remote images as placeholders). */
export function sanitizeEmailHtml(html: string): string {
  return sanitize(html, POLICY).trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** The text of (sanitized) HTML, for a mail that has no text part: blocks and line breaks become new lines. */
export function htmlToPlainText(html: string): string {
  const marked = html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|li|tr|h[1-6]|blockquote|pre|table)>/gi, '\n');
  return sanitize(marked, { allowedTags: [], allowedAttributes: {}, nonTextTags: ['script', 'style', 'title', 'head'] })
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, name: string) => ENTITIES[name])
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

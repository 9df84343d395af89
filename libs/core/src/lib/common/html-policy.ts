import sanitize from 'sanitize-html';

/**
 * The one HTML policy for message bodies, operator-written and (later) inbound email alike: what a mail
 * client renders safely. Formatting, lists, tables, quotes and headings stay; scripts, styles, frames,
 * forms and event handlers go. Links only to http(s) and mailto, never relative, always
 * `rel="noopener noreferrer nofollow"`; images only from https (no plain-http tracking pixels) or `cid:`
 * (an attachment of the same mail).
 */
const LINK = /^(?:https?:|mailto:)/i;
const IMAGE = /^(?:https:|cid:)/i;
const REL = 'noopener noreferrer nofollow';

/** The attributes in their order, `name` kept (trimmed) only when its value passes `test`. */
const only = (attribs: sanitize.Attributes, name: string, test: RegExp): sanitize.Attributes =>
  Object.fromEntries(Object.entries(attribs).flatMap(([key, value]) => (key !== name ? [[key, value]] : test.test(value.trim()) ? [[key, value.trim()]] : [])));

const POLICY: sanitize.IOptions = {
  // prettier-ignore
  allowedTags: [
    'p', 'br', 'hr', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'sub', 'sup', 'small', 'mark', 'code', 'pre',
    'blockquote', 'q', 'cite', 'abbr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
    'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col', 'a', 'img',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan', 'align'],
    th: ['colspan', 'rowspan', 'align', 'scope'],
    col: ['span'],
    colgroup: ['span'],
    ol: ['start', 'type'],
    abbr: ['title'],
  },
  // The schemes are checked below, per tag; this only keeps the library from letting any other through.
  allowedSchemes: ['http', 'https', 'mailto', 'cid'],
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Their text is code or markup, never content to keep.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'template', 'iframe', 'object', 'svg', 'math'],
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...only(only(attribs, 'href', LINK), 'target', /^_blank$/), rel: REL } }),
    img: (tagName, attribs) => ({ tagName, attribs: only(attribs, 'src', IMAGE) }),
  },
  // An image whose source was refused shows nothing: drop the tag rather than keep an empty <img>.
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs['src'],
};

/** `html` made safe to store and render under the policy above. */
export function sanitizeHtml(html: string): string {
  return sanitize(html, POLICY);
}

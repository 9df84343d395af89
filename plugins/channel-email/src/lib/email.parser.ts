import { createHash } from 'node:crypto';
import type { DeliveryStatusEvent, InboundAttachment, InboundEvent, InboundMessageEvent, ThreadHints } from '@parley/plugin-sdk';
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { htmlToPlainText, sanitizeEmailHtml } from './email.html';
import { visibleText } from './email.reply-text';

/** What the parser knows besides the bytes: whose mailbox this is, and the SMTP envelope when there is one. */
export interface ParseContext {
  /** The channel account's address (`support@example.com`). */
  accountAddress: string;
  /** SMTP `MAIL FROM` (empty string: the null sender `<>`); undefined when the mail did not come over SMTP. */
  envelopeFrom?: string;
  /** SMTP `RCPT TO` addresses of this account (they carry the `+token`). */
  envelopeTo?: string[];
}

/** A reply token in our Reply-To plus-address and a subject tag: the conversation's reference. */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/;
const SUBJECT_TAG = /\[#([A-Za-z0-9][A-Za-z0-9_-]{2,63})\]/;
const MSG_ID = /<([^<>\s]+)>/g;
const MAX_REFERENCES = 50;

/** `<id@host>` → `id@host`: provider ids are stored without the angle brackets. */
export function bareMessageId(id: string): string {
  return id.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
}

/** Every `<id>` of a header value, brackets removed, in order, once each. */
export function messageIdsOf(value: string | undefined): string[] {
  if (!value) return [];
  const ids = [...value.matchAll(MSG_ID)].map((m) => m[1]);
  // Some clients write a bare id without brackets.
  if (!ids.length && /^\S+@\S+$/.test(value.trim())) ids.push(value.trim());
  return [...new Set(ids)];
}

/** `Local+token@Domain` → `{base: 'local@domain', token}`; lower-cased, the token's case kept. */
export function splitPlusAddress(address: string): { base: string; token?: string } {
  const at = address.lastIndexOf('@');
  if (at < 1) return { base: address.trim().toLowerCase() };
  const local = address.slice(0, at).trim();
  const domain = address
    .slice(at + 1)
    .trim()
    .toLowerCase();
  const plus = local.indexOf('+');
  if (plus < 1) return { base: `${local.toLowerCase()}@${domain}` };
  const token = local.slice(plus + 1);
  return { base: `${local.slice(0, plus).toLowerCase()}@${domain}`, ...(token ? { token } : {}) };
}

/** The raw value of the first header `name` (unfolded), or undefined. */
function rawHeader(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((l) => l.key === name.toLowerCase())?.line;
  if (line === undefined) return undefined;
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

function rawHeaders(mail: ParsedMail, name: string): string[] {
  return mail.headerLines
    .filter((l) => l.key === name.toLowerCase())
    .map((l) =>
      l.line
        .slice(l.line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim(),
    );
}

/** The addresses of an address header, lower-cased (`keepCase` for reading a reply token), groups flattened. */
function addresses(value: AddressObject | AddressObject[] | undefined, keepCase = false): { address: string; name?: string }[] {
  const flat = (list: { address?: string; name: string; group?: { address?: string; name: string }[] }[]): { address: string; name?: string }[] =>
    list.flatMap((a) =>
      a.group ? flat(a.group) : a.address ? [{ address: keepCase ? a.address : a.address.toLowerCase(), ...(a.name ? { name: a.name } : {}) }] : [],
    );
  return (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) => flat(v.value));
}

/** The address a DSN or a null sender names: `<>` or nothing. */
function isNullSender(address: string | undefined): boolean {
  return address !== undefined && bareMessageId(address) === '';
}

/**
 * Why a mail was written by a machine (RFC 3834 and the de-facto headers), or undefined for a person's mail.
 * Such mail is stored, flagged, and never answered: answering it is how mail loops start.
 */
export function automaticReason(mail: ParsedMail, context: Pick<ParseContext, 'envelopeFrom'> = {}): string | undefined {
  const header = (name: string) => rawHeader(mail, name);
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && !/^\s*no\b/i.test(autoSubmitted)) return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = header('precedence');
  if (precedence && /^\s*(bulk|list|junk)\b/i.test(precedence)) return `Precedence: ${precedence}`;
  for (const name of ['x-autoreply', 'x-autorespond', 'x-loop', 'list-id', 'list-unsubscribe']) {
    if (header(name) !== undefined) return `${name} header`;
  }
  if (isNullSender(context.envelopeFrom) || isNullSender(header('return-path'))) return 'null sender';
  const from = addresses(mail.from)[0]?.address ?? '';
  const local = from.slice(0, from.lastIndexOf('@'));
  if (/^(mailer-daemon|postmaster)$/i.test(local)) return `sent by ${from}`;
  const contentType = header('content-type') ?? '';
  if (/^\s*multipart\/report\b/i.test(contentType)) return 'multipart/report';
  return undefined;
}

/** The original's Message-ID in the `message/rfc822` or `text/rfc822-headers` part of a report. */
function originalMessageId(mail: ParsedMail): string | undefined {
  for (const part of mail.attachments) {
    if (!/^(message\/rfc822|text\/rfc822-headers|message\/global|message\/global-headers)$/i.test(part.contentType)) continue;
    const text = part.content.toString('utf8');
    const head = text.split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
    const match = /^message-id:\s*(.+)$/im.exec(head);
    const id = match ? messageIdsOf(match[1])[0] : undefined;
    if (id) return id;
  }
  return undefined;
}

/** `Field: value` lines of a delivery-status or disposition-notification part, in blocks (per message, per recipient). */
function reportBlocks(part: Attachment): Record<string, string>[] {
  return part.content
    .toString('utf8')
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n\s*\r?\n/)
    .map((block) =>
      Object.fromEntries(
        block
          .split(/\r?\n/)
          .map((line) => /^([A-Za-z-]+):\s*(.*)$/.exec(line))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => [m[1].toLowerCase(), m[2].trim()]),
      ),
    )
    .filter((fields) => Object.keys(fields).length > 0);
}

/**
 * A delivery status notification (RFC 3464) about one of our mails → `bounced` for its Message-ID, with the
 * failed recipient's status and diagnostic; `hardBounce` for a permanent failure (5.x.x). A delay report
 * (`Action: delayed`) is no bounce.
 */
export function bounceOf(mail: ParsedMail): DeliveryStatusEvent | undefined {
  const report = mail.attachments.find((a) => /^message\/(global-)?delivery-status$/i.test(a.contentType));
  if (!report) return undefined;
  const failed = reportBlocks(report).find((fields) => /^failed$/i.test(fields['action'] ?? ''));
  if (!failed) return undefined;
  const original = originalMessageId(mail) ?? messageIdsOf(rawHeader(mail, 'in-reply-to'))[0] ?? messageIdsOf(rawHeader(mail, 'references')).at(-1);
  if (!original) return undefined;
  const status = /\d\.\d{1,3}\.\d{1,3}/.exec(failed['status'] ?? '')?.[0];
  const recipient = (failed['final-recipient'] ?? failed['original-recipient'] ?? '').replace(/^[^;]*;\s*/, '');
  const diagnostic = (failed['diagnostic-code'] ?? '').replace(/^[^;]*;\s*/, '');
  const message = [recipient && `Delivery to ${recipient} failed`, status && `(${status})`, diagnostic && `: ${diagnostic}`]
    .filter(Boolean)
    .join(' ')
    .replace(' :', ':');
  return {
    kind: 'status',
    providerMessageId: original,
    status: 'bounced',
    error: { ...(status ? { code: status } : {}), message: (message || 'The mail bounced').slice(0, 1000) },
    hardBounce: status ? status.startsWith('5') : false,
    ...(mail.date ? { occurredAt: mail.date } : {}),
  };
}

/** A stable id for a mail that came without a Message-ID: the same mail always gets the same one. */
function syntheticMessageId(mail: ParsedMail, raw: Buffer): string {
  const hash = createHash('sha256');
  const fields = [
    rawHeader(mail, 'from'),
    rawHeader(mail, 'to'),
    rawHeader(mail, 'cc'),
    rawHeader(mail, 'date'),
    rawHeader(mail, 'subject'),
    mail.text ?? '',
    typeof mail.html === 'string' ? mail.html : '',
  ];
  // With no date and no text, the bytes are all there is.
  if (!fields[3] && !fields[5] && !fields[6]) fields.push(raw.toString('base64'));
  for (const field of fields) hash.update(`${field ?? ''}\u0000`);
  return `${hash.digest('hex').slice(0, 40)}@parley.generated`;
}

function attachmentsOf(mail: ParsedMail): InboundAttachment[] {
  return mail.attachments
    .filter((a) => !/^message\/(global-)?delivery-status$|^text\/rfc822-headers$/i.test(a.contentType))
    .map((a, index) => {
      const contentId = a.contentId ? bareMessageId(a.contentId) : undefined;
      return {
        ref: contentId ? `cid:${contentId}` : `part-${index + 1}${a.filename ? `:${a.filename}` : ''}`,
        contentType: a.contentType,
        ...(a.filename ? { filename: a.filename } : {}),
        content: a.content,
        ...(contentId ? { contentId } : {}),
      };
    });
}

/** The conversation hints a mail carries: what it answers, our token in the address it was sent to, our subject tag. */
function threadOf(mail: ParsedMail, context: ParseContext, recipients: string[]): ThreadHints {
  const account = splitPlusAddress(context.accountAddress).base;
  const inReplyTo = messageIdsOf(rawHeader(mail, 'in-reply-to'));
  const references = rawHeaders(mail, 'references').flatMap(messageIdsOf).slice(-MAX_REFERENCES);
  const token = recipients.map(splitPlusAddress).find((r) => r.base === account && r.token !== undefined && REFERENCE.test(r.token))?.token;
  const tag = SUBJECT_TAG.exec(mail.subject ?? '')?.[1];
  return {
    ...(inReplyTo.length ? { inReplyTo } : {}),
    ...(references.length ? { references } : {}),
    ...(token ? { token } : {}),
    ...(tag ? { tag } : {}),
  };
}

/**
 * One raw mail (RFC 5322 bytes, as SMTP, IMAP or an inbound-parse webhook hands it over) → the events Parley
 * stores: the message (always, flagged `autoReply` when a machine wrote it) and, for a bounce of one of our
 * mails, the `bounced` status of that mail.
 */
export async function parseEmail(raw: Buffer, context: ParseContext): Promise<InboundEvent[]> {
  const mail = await simpleParser(raw, { keepCidLinks: true, keepDeliveryStatus: true, skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const account = splitPlusAddress(context.accountAddress).base;
  const from = addresses(mail.from)[0] ?? addresses(mail.headers.get('sender') as AddressObject | undefined)[0];
  const fromAddress = from?.address ?? (context.envelopeFrom ? context.envelopeFrom.toLowerCase() : undefined);
  if (!fromAddress) return [{ kind: 'ignored', reason: 'no sender address (From) in the mail' }];

  // Where the mail was sent, as written (the token's case is kept): the envelope first, then the headers.
  const recipients = [
    ...(context.envelopeTo ?? []),
    ...addresses(mail.to, true).map((r) => r.address),
    ...addresses(mail.cc, true).map((r) => r.address),
    ...['delivered-to', 'x-original-to', 'envelope-to'].flatMap((h) => rawHeaders(mail, h).map(bareMessageId)),
  ];
  const seen = new Set<string>([account, fromAddress]);
  const cc = [...addresses(mail.to), ...addresses(mail.cc)].filter((r) => {
    const base = splitPlusAddress(r.address).base;
    if (seen.has(base) || seen.has(r.address)) return false;
    seen.add(r.address);
    return true;
  });

  const rawMessageId = messageIdsOf(rawHeader(mail, 'message-id'))[0];
  const providerMessageId = rawMessageId ?? syntheticMessageId(mail, raw);
  const automatic = automaticReason(mail, context);
  const html = typeof mail.html === 'string' ? sanitizeEmailHtml(mail.html) : '';
  const text = (mail.text ?? (html ? htmlToPlainText(html) : '')).replace(/\r\n/g, '\n').trim();
  const body = visibleText(text);
  const bounce = bounceOf(mail);
  const thread = threadOf(mail, context, recipients);
  if (bounce && !thread.inReplyTo?.includes(bounce.providerMessageId)) thread.inReplyTo = [bounce.providerMessageId, ...(thread.inReplyTo ?? [])];

  const message: InboundMessageEvent = {
    kind: 'message',
    providerMessageId,
    from: { address: fromAddress, ...(from?.name ? { name: from.name } : {}) },
    ...(body ? { body } : {}),
    ...(html ? { html } : {}),
    ...(mail.subject ? { subject: mail.subject.trim() } : {}),
    attachments: attachmentsOf(mail),
    ...(mail.date && !Number.isNaN(mail.date.getTime()) ? { occurredAt: mail.date } : {}),
    ...(automatic ? { autoReply: true } : {}),
    thread,
    ...(cc.length ? { cc } : {}),
    metadata: {
      ...(rawMessageId ? {} : { generatedMessageId: true }),
      ...(automatic ? { automatic } : {}),
      ...(text && body !== text ? { fullText: text.slice(0, 100_000) } : {}),
    },
  };
  return bounce ? [message, bounce] : [message];
}

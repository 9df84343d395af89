import { PermanentSendError, RetryableSendError, type OutboundMessage } from '@parley/plugin-sdk';
import { createTransport, type Transporter } from 'nodemailer';
import type { EmailConfig, SmtpSettings } from './email.config';
import { htmlToPlainText } from './email.html';
import { bareMessageId, splitPlusAddress } from './email.parser';

/** How many earlier Message-IDs go into References (RFC 5322 lets it grow; servers limit header lines). */
export const MAX_REFERENCES = 20;
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
/** Reply prefixes mail clients write (English, German, Nordic, Dutch, French), any case, with an optional count. */
const REPLY_PREFIX = /^\s*(?:(?:re|aw|sv|antw|réf|ref)(?:\[\d+\]|\(\d+\))?\s*:\s*)+/i;

/** A transport to the account's SMTP server (nodemailer), with deadlines so a dead server is a retry, not a hang. */
export function smtpTransport(smtp: SmtpSettings): Transporter {
  return createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    ...SMTP_TIMEOUTS,
  });
}

/** `local+token@domain` of the account's address. */
export function replyAddress(address: string, token: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  return `${local.includes('+') ? local.slice(0, local.indexOf('+')) : local}+${token}${address.slice(at)}`;
}

/**
 * The subject of a mail in a conversation: one `Re:` when it answers earlier mail (whatever prefixes the
 * customer's client stacked up), the conversation's tag `[#REF]` once, at the end.
 */
export function replySubject(subject: string | undefined, reference: string | undefined, isReply: boolean): string {
  let text = (subject ?? '').replace(/\s+/g, ' ').trim();
  if (reference) text = text.split(`[#${reference}]`).join(' ').replace(/\s+/g, ' ').trim();
  const hadPrefix = REPLY_PREFIX.test(text);
  text = text.replace(REPLY_PREFIX, '').trim();
  if (hadPrefix || (isReply && text)) text = `Re: ${text}`;
  return [text, reference ? `[#${reference}]` : ''].filter(Boolean).join(' ');
}

const angle = (id: string) => `<${bareMessageId(id)}>`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Plain text as simple HTML: paragraphs on blank lines, line breaks kept. */
export function textToHtml(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** The Message-ID of one of our mails: from Parley's message id, so a retried send carries the same one. */
export function ourMessageId(messageId: string, address: string): string {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return `parley.${messageId.replace(/[^A-Za-z0-9._-]/g, '')}@${domain}`;
}

/**
 * One outbound mail through the account's SMTP server. Resolves with our Message-ID (without brackets),
 * the provider id the customer's reply will quote in In-Reply-To/References.
 */
export async function sendEmail(message: OutboundMessage, config: EmailConfig, transport: Transporter = smtpTransport(config.smtp)): Promise<string> {
  const messageId = ourMessageId(message.id, config.address);
  const previous = (message.thread?.previous ?? []).map(bareMessageId).filter(Boolean);
  const references = previous.slice(-MAX_REFERENCES);
  const reference = message.thread?.reference;
  const html = message.html ?? (message.body ? textToHtml(message.body) : undefined);
  const text = message.body ?? (message.html ? htmlToPlainText(message.html) : '');
  const fromName = message.senderName?.trim() || config.fromName;
  const headers: Record<string, string> = {};
  if (message.automatic) {
    headers['Auto-Submitted'] = 'auto-replied';
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  try {
    await transport.sendMail({
      messageId: angle(messageId),
      from: fromName ? { name: fromName, address: config.address } : config.address,
      to: message.to,
      ...(reference ? { replyTo: replyAddress(splitPlusAddress(config.address).base, reference) } : {}),
      subject: replySubject(message.subject, reference, previous.length > 0),
      ...(references.length ? { inReplyTo: angle(references[references.length - 1]), references: references.map(angle).join(' ') } : {}),
      text,
      ...(html ? { html } : {}),
      attachments: await Promise.all(message.attachments.map(async (a) => ({ filename: a.filename, contentType: a.contentType, content: await a.read() }))),
      headers,
      // Bounces come back to the account's own mailbox, where the DSN is read.
      envelope: { from: splitPlusAddress(config.address).base, to: message.to },
    });
  } catch (error) {
    throw classifySmtpError(error);
  } finally {
    transport.close();
  }
  return messageId;
}

/**
 * An SMTP failure → the host's retry decision: a 4xx answer, a timeout or a connection that failed may work
 * later; a 5xx answer will not (the code is the SMTP reply code, the text the server's, shortened).
 */
export function classifySmtpError(error: unknown): RetryableSendError | PermanentSendError {
  if (error instanceof RetryableSendError || error instanceof PermanentSendError) return error;
  const e = (error ?? {}) as { responseCode?: unknown; code?: unknown; response?: unknown; message?: unknown };
  const reply = typeof e.response === 'string' ? e.response.replace(/\s+/g, ' ').trim().slice(0, 300) : '';
  if (typeof e.responseCode === 'number') {
    const message = `SMTP server answered ${reply || e.responseCode}`;
    if (e.responseCode >= 400 && e.responseCode < 500) return new RetryableSendError(message, String(e.responseCode));
    return new PermanentSendError(message, String(e.responseCode));
  }
  const code = typeof e.code === 'string' && /^[A-Z_]{2,40}$/.test(e.code) ? e.code : 'network_error';
  if (['EENVELOPE', 'EMESSAGE', 'EAUTH', 'ENOAUTH', 'EOAUTH2', 'ETLS', 'ESTREAM'].includes(code)) {
    return new PermanentSendError(`SMTP send failed (${code})${typeof e.message === 'string' ? `: ${e.message.slice(0, 300)}` : ''}`, code);
  }
  // ECONNECTION, ETIMEDOUT, ESOCKET, EDNS, ECONNREFUSED, …: the server may well take it later.
  return new RetryableSendError(`SMTP server unreachable (${code})`, code);
}

import {
  formFields,
  headerValue,
  type InboundAttachment,
  type InboundEvent,
  type ProviderDeliveryStatus,
  type RawWebhookRequest,
  type WebhookResponse,
} from '@parley/plugin-sdk';
import twilio from 'twilio';

/** Pure helpers for Twilio Messaging webhooks: signature check, parsing, the TwiML answer. */

export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';

/** Twilio's Advanced Opt-Out keywords (matched as the whole message, trimmed, any case). */
export const OPT_OUT_KEYWORDS: readonly string[] = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'];
export const OPT_IN_KEYWORDS: readonly string[] = ['START', 'YES', 'UNSTOP'];
export const HELP_KEYWORDS: readonly string[] = ['HELP', 'INFO'];

/** Twilio message status → Parley delivery status. Statuses not listed are ignored. */
export const TWILIO_STATUS_MAP: Readonly<Record<string, ProviderDeliveryStatus>> = {
  queued: 'queued',
  accepted: 'queued',
  scheduled: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
  read: 'read',
  canceled: 'failed',
};

/** Empty TwiML: Twilio sends nothing back to the contact (it sends opt-out confirmations itself). */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export function twimlResponse(): WebhookResponse {
  return { status: 200, headers: { 'content-type': 'text/xml' }, body: EMPTY_TWIML };
}

/**
 * The URL Twilio signed: the account's `webhookUrl` (exactly as configured at Twilio), plus the query string
 * of the request when the configured URL has none (Twilio appends `bodySHA256` for JSON bodies).
 */
export function signedUrl(webhookUrl: string, req: Pick<RawWebhookRequest, 'url'>): string {
  const queryStart = req.url.indexOf('?');
  if (queryStart === -1 || queryStart === req.url.length - 1 || webhookUrl.includes('?')) return webhookUrl;
  return webhookUrl + req.url.slice(queryStart);
}

/**
 * Checks `X-Twilio-Signature` with the official SDK (timing-safe). Form bodies: the signature covers the URL
 * and the form parameters. JSON bodies: the signature covers the URL, whose `bodySHA256` must match the raw
 * body; a JSON body without `bodySHA256` is refused, as nothing would then protect it.
 */
export function verifyTwilioSignature(req: RawWebhookRequest, authToken: string, webhookUrl: string): boolean {
  const signature = headerValue(req, TWILIO_SIGNATURE_HEADER);
  if (!signature || !authToken) return false;
  const url = signedUrl(webhookUrl, req);
  try {
    if (hasBodyHash(url)) return twilio.validateRequestWithBody(authToken, signature, url, req.rawBody.toString('utf8'));
    if (isJson(req)) return false;
    return twilio.validateRequest(authToken, signature, url, formFields(req.rawBody));
  } catch {
    return false; // a malformed URL, never a reason to accept
  }
}

/** The keyword a message body is, if it is exactly one keyword (upper-cased), else undefined. */
export function keywordOf(body: string | undefined): string | undefined {
  const word = (body ?? '').trim().toUpperCase();
  return /^[A-Z]+$/.test(word) ? word : undefined;
}

/** Twilio Messaging webhook (inbound SMS/MMS or status callback) → normalized events. */
export function parseTwilioWebhook(req: RawWebhookRequest): InboundEvent[] {
  if (isJson(req)) return [{ kind: 'ignored', reason: 'JSON body: not a Twilio Messaging webhook' }];
  const p = formFields(req.rawBody);
  const sid = p['MessageSid'] ?? p['SmsMessageSid'] ?? p['SmsSid'];
  if (!sid) return [{ kind: 'ignored', reason: 'no MessageSid: not a Twilio Messaging webhook' }];

  const isInbound = p['From'] !== undefined && p['Body'] !== undefined && (p['SmsStatus'] === 'received' || p['MessageStatus'] === undefined);
  if (isInbound) return inboundEvents(sid, p);
  if (p['MessageStatus'] !== undefined) return [statusEvent(sid, p['MessageStatus'], p)];
  return [{ kind: 'ignored', reason: 'neither an inbound message nor a status callback' }];
}

function inboundEvents(sid: string, p: Record<string, string>): InboundEvent[] {
  const from = p['From'];
  const keyword = keywordOf(p['Body']);
  const metadata: Record<string, unknown> = { to: p['To'] };
  if (keyword && HELP_KEYWORDS.includes(keyword)) metadata['keyword'] = 'help';

  const events: InboundEvent[] = [{ kind: 'message', providerMessageId: sid, from: { address: from }, body: p['Body'], attachments: mediaOf(p), metadata }];
  if (keyword && OPT_OUT_KEYWORDS.includes(keyword)) events.push({ kind: 'opt_out', address: from, keyword });
  if (keyword && OPT_IN_KEYWORDS.includes(keyword)) events.push({ kind: 'opt_in', address: from, keyword });
  return events;
}

function mediaOf(p: Record<string, string>): InboundAttachment[] {
  const count = Math.min(Number.parseInt(p['NumMedia'] ?? '0', 10) || 0, 10); // Twilio allows at most 10
  const media: InboundAttachment[] = [];
  for (let i = 0; i < count; i++) {
    const ref = p[`MediaUrl${i}`];
    if (ref) media.push({ ref, contentType: p[`MediaContentType${i}`] });
  }
  return media;
}

function statusEvent(sid: string, twilioStatus: string, p: Record<string, string>): InboundEvent {
  const status = Object.hasOwn(TWILIO_STATUS_MAP, twilioStatus) ? TWILIO_STATUS_MAP[twilioStatus] : undefined;
  if (!status) return { kind: 'ignored', reason: `unknown Twilio message status "${twilioStatus}"` };
  const code = p['ErrorCode'];
  const message = p['ErrorMessage'];
  if (!code && !message) return { kind: 'status', providerMessageId: sid, status };
  return {
    kind: 'status',
    providerMessageId: sid,
    status,
    error: { ...(code ? { code } : {}), message: message || `Twilio error ${code}` },
  };
}

function hasBodyHash(url: string): boolean {
  try {
    return new URL(url).searchParams.has('bodySHA256');
  } catch {
    return false;
  }
}

function isJson(req: RawWebhookRequest): boolean {
  return /^application\/(.+\+)?json/i.test(headerValue(req, 'content-type') ?? '');
}

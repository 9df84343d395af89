import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundAttachment, InboundEvent, InboundMessageEvent, ProviderDeliveryStatus, RawWebhookRequest, WebhookResponse } from '@parley/plugin-sdk';
import { headerValue } from '@parley/plugin-sdk';

/**
 * Pure helpers for Meta's webhooks: the GET verification handshake, the X-Hub-Signature-256 check and
 * the translation of a `whatsapp_business_account` payload into Parley's inbound events.
 * Reference: https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples
 */

/** Graph error code Meta uses when a free-form message is sent outside the customer-service window. */
export const WHATSAPP_OUTSIDE_WINDOW_CODE = 131047;
export const OUTSIDE_WINDOW_MESSAGE =
  'Message not delivered: outside the 24-hour window (Re-engagement message: more than 24 hours have passed since the customer last replied). Send an approved template instead.';

/** String comparison in constant time, whatever the lengths (both sides are hashed first). */
export function timingSafeStringEqual(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

function queryParam(req: RawWebhookRequest, name: string): string | undefined {
  const value = req.query?.[name];
  if (Array.isArray(value)) return value[0];
  if (value !== undefined) return value;
  // Fall back to the URL in case the host's query parser nested the dotted `hub.*` names.
  const search = req.url?.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
  return new URLSearchParams(search).get(name) ?? undefined;
}

/** Meta's GET `hub.mode=subscribe` challenge; null when the request is not one. */
export function answerHandshake(req: RawWebhookRequest, verifyToken: string): WebhookResponse | null {
  if (req.method.toUpperCase() !== 'GET' || queryParam(req, 'hub.mode') !== 'subscribe') return null;
  const token = queryParam(req, 'hub.verify_token') ?? '';
  if (!verifyToken || !timingSafeStringEqual(token, verifyToken)) {
    return { status: 403, headers: { 'content-type': 'text/plain' }, body: 'Forbidden' };
  }
  return { status: 200, headers: { 'content-type': 'text/plain' }, body: queryParam(req, 'hub.challenge') ?? '' };
}

/** `X-Hub-Signature-256: sha256=<hex>` is HMAC-SHA256(appSecret) over the exact bytes Meta sent. */
export function verifyMetaSignature(rawBody: Buffer, signatureHeader: string | undefined, appSecret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(signatureHeader?.trim() ?? '');
  if (!match || !appSecret || !Buffer.isBuffer(rawBody)) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const given = Buffer.from(match[1], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function signatureHeaderOf(req: RawWebhookRequest): string | undefined {
  return headerValue(req, 'x-hub-signature-256');
}

// ---------------------------------------------------------------------------------------------------
// Parsing. Payloads are untrusted: every field is checked, and anything odd becomes an ignored event.

type Json = Record<string, any>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
const ignored = (reason: string): InboundEvent => ({ kind: 'ignored', reason });

function dateOf(timestamp: unknown): Date | undefined {
  const seconds = Number(timestamp);
  return timestamp !== undefined && timestamp !== '' && Number.isFinite(seconds) ? new Date(seconds * 1000) : undefined;
}

/** `15551234567` (Meta's wa_id) → `+15551234567` (E.164, as Parley stores phone numbers). */
export function toE164(waId: string): string {
  return '+' + waId.replace(/\D/g, '');
}

const MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'] as const;

/**
 * The events of one webhook POST. `phoneNumberId`, when given, drops changes addressed to another
 * number of the same Meta app (one app may deliver several numbers' events to one callback URL).
 */
export function parseMetaWebhook(rawBody: Buffer, phoneNumberId?: string): InboundEvent[] {
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return [ignored('body is not JSON')];
  }
  if (!isObject(payload)) return [ignored('body is not a JSON object')];
  if (payload['object'] !== undefined && payload['object'] !== 'whatsapp_business_account') {
    return [ignored(`object ${String(payload['object'])} is not whatsapp_business_account`)];
  }
  const events: InboundEvent[] = [];
  for (const entry of asArray(payload['entry'])) {
    for (const change of asArray(isObject(entry) ? entry['changes'] : undefined)) {
      events.push(...parseChange(change, phoneNumberId));
    }
  }
  return events.length ? events : [ignored('no messages or statuses in payload')];
}

function parseChange(change: unknown, phoneNumberId: string | undefined): InboundEvent[] {
  if (!isObject(change)) return [ignored('change is not an object')];
  if (change['field'] !== 'messages') return [ignored(`field ${String(change['field'])} not handled`)];
  const value = change['value'];
  if (!isObject(value)) return [ignored('change has no value')];
  const addressedTo = asString(value['metadata']?.['phone_number_id']);
  if (phoneNumberId && addressedTo && addressedTo !== phoneNumberId) {
    return [ignored(`addressed to phone number id ${addressedTo}, not this account's`)];
  }
  const contacts = asArray(value['contacts']).filter(isObject);
  const events = [...asArray(value['messages']).map((message) => parseMessage(message, contacts)), ...asArray(value['statuses']).map(parseStatus)];
  return events.length ? events : [ignored('change carries no messages or statuses')];
}

function parseMessage(message: unknown, contacts: Json[]): InboundEvent {
  if (!isObject(message)) return ignored('message is not an object');
  const id = asString(message['id']);
  const from = asString(message['from']);
  const type = asString(message['type']) ?? 'unknown';
  if (!id || !from) return ignored(`${type} message without id or sender`);
  const content = messageContent(type, message);
  if (!content) return ignored(`unsupported message type ${type}`);
  const contact = contacts.find((c) => asString(c['wa_id']) === from) ?? (contacts.length === 1 ? contacts[0] : undefined);
  const name = asString(contact?.['profile']?.['name']);
  const event: InboundMessageEvent = {
    kind: 'message',
    providerMessageId: id,
    from: name ? { address: toE164(from), name } : { address: toE164(from) },
    ...content,
  };
  const occurredAt = dateOf(message['timestamp']);
  if (occurredAt) event.occurredAt = occurredAt;
  return event;
}

type MessageContent = Pick<InboundMessageEvent, 'body' | 'attachments' | 'metadata'>;

function messageContent(type: string, message: Json): MessageContent | undefined {
  const part = message[type];
  if (!isObject(part)) return undefined;
  if (type === 'text') {
    const body = asString(part['body']);
    return body === undefined ? undefined : { body };
  }
  if ((MEDIA_TYPES as readonly string[]).includes(type)) {
    const ref = asString(part['id']);
    if (!ref) return undefined;
    const attachment: InboundAttachment = { ref };
    const contentType = asString(part['mime_type']);
    const filename = asString(part['filename']);
    if (contentType) attachment.contentType = contentType;
    if (filename) attachment.filename = filename;
    const caption = asString(part['caption']);
    return caption === undefined ? { attachments: [attachment] } : { body: caption, attachments: [attachment] };
  }
  if (type === 'location') return locationContent(part);
  if (type === 'interactive') return interactiveContent(part);
  if (type === 'button') {
    const text = asString(part['text']);
    if (text === undefined) return undefined;
    return { body: text, metadata: { reply: { type: 'button', payload: asString(part['payload']) ?? text } } };
  }
  return undefined;
}

function locationContent(part: Json): MessageContent | undefined {
  const latitude = Number(part['latitude']);
  const longitude = Number(part['longitude']);
  if (part['latitude'] === undefined || part['longitude'] === undefined || !Number.isFinite(latitude) || !Number.isFinite(longitude)) {
    return undefined;
  }
  const name = asString(part['name']);
  const address = asString(part['address']);
  const label = [name, address].filter(Boolean).join(', ');
  return {
    body: `📍 ${label ? label + ' ' : ''}(${latitude}, ${longitude})`,
    metadata: { location: { latitude, longitude, name, address } },
  };
}

function interactiveContent(part: Json): MessageContent | undefined {
  const type = asString(part['type']);
  if (type !== 'button_reply' && type !== 'list_reply') return undefined;
  const reply = part[type];
  const id = asString(reply?.['id']);
  const title = asString(reply?.['title']);
  if (!isObject(reply) || !id || title === undefined) return undefined;
  const description = asString(reply['description']);
  return { body: title, metadata: { reply: description ? { type, id, title, description } : { type, id, title } } };
}

const STATUSES: Record<string, ProviderDeliveryStatus> = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' };

function parseStatus(status: unknown): InboundEvent {
  if (!isObject(status)) return ignored('status is not an object');
  const id = asString(status['id']);
  const mapped = STATUSES[asString(status['status']) ?? ''];
  if (!id || !mapped) return ignored(`status ${String(status['status'])} not handled`);
  const event: InboundEvent = { kind: 'status', providerMessageId: id, status: mapped };
  if (mapped === 'failed') event.error = statusError(asArray(status['errors'])[0]);
  const occurredAt = dateOf(status['timestamp']);
  if (occurredAt) event.occurredAt = occurredAt;
  return event;
}

function statusError(error: unknown): { code?: string; message: string } {
  if (!isObject(error)) return { message: 'WhatsApp reported the message as failed' };
  const code = asString(error['code']);
  if (code === String(WHATSAPP_OUTSIDE_WINDOW_CODE)) return { code, message: OUTSIDE_WINDOW_MESSAGE };
  const message =
    asString(error['title']) ?? asString(error['message']) ?? asString(error['error_data']?.['details']) ?? 'WhatsApp reported the message as failed';
  return code ? { code, message } : { message };
}

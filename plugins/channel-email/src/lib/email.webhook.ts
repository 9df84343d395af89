import { createHash, timingSafeEqual } from 'node:crypto';
import { headerValue, type RawWebhookRequest } from '@parley/plugin-sdk';

/** The header a provider's inbound parse (or a relay script) sends the account's `inboundSecret` in. */
export const INBOUND_SECRET_HEADER = 'x-parley-secret';

/** Equal strings, compared in constant time (over digests, so the length leaks nothing either). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** The password of `Authorization: Basic …` (any user name), or undefined. */
function basicPassword(req: RawWebhookRequest): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(headerValue(req, 'authorization') ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}

/**
 * The inbound-parse webhook carries the account's shared secret, as `X-Parley-Secret` or as the basic-auth
 * password (for providers that only let you put credentials in the URL). An account without a secret
 * accepts nothing: raw MIME is whatever anyone says it is.
 */
export function verifyInboundSecret(req: RawWebhookRequest, inboundSecret: string | undefined): boolean {
  if (!inboundSecret) return false;
  const given = [headerValue(req, INBOUND_SECRET_HEADER), basicPassword(req)].filter((v): v is string => typeof v === 'string' && v.length > 0);
  // Both are checked, always, so the time taken says nothing about which one was sent.
  return given.map((candidate) => sameSecret(candidate, inboundSecret)).some(Boolean);
}

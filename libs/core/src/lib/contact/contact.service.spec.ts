import { normalizeAddress } from './contact.service';

describe('normalizeAddress (one rule for ingest, outbound starts and consent)', () => {
  it('case-folds and trims email addresses, so an inbound Foo@X.com and an outbound foo@x.com are one identity', () => {
    expect(normalizeAddress('email', ' Foo@X.com ')).toBe('foo@x.com');
    expect(normalizeAddress('email', 'Foo@X.com')).toBe(normalizeAddress('email', 'foo@x.com'));
  });

  it('keeps the leading + and the digits of phone numbers on every phone channel', () => {
    for (const channel of ['sms', 'whatsapp', 'voice'] as const) expect(normalizeAddress(channel, '+1 (555) 123-4567')).toBe('+15551234567');
    expect(normalizeAddress('sms', '5551234567')).toBe('5551234567');
  });

  it('leaves web chat visitor ids as they are, but trimmed', () => {
    expect(normalizeAddress('webchat', ' Visitor-AbC ')).toBe('Visitor-AbC');
  });
});

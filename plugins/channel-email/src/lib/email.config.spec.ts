import { configErrors } from '@parley/plugin-sdk/testing';
import { secretFields, secretPaths } from '@parley/plugin-sdk';
import { plainToInstance } from 'class-transformer';
import { EmailConfig, SmtpSettings } from './email.config';
import { EmailChannel } from './email.channel';

const emailPlugin = new EmailChannel({ forPlugin: () => ({ log: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() }) });

const validSmtp = { host: 'smtp.example.com', port: 587, secure: false, user: 'support', password: 'pw' };
const valid = { address: 'support@example.com', fromName: 'Acme Support', smtp: validSmtp };

/** Dotted property path -> failed constraint names, as the host (whitelist + forbidNonWhitelisted) sees them. */
const errorsOf = (plain: Record<string, unknown>) => configErrors(EmailConfig, plain);

function without(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}

describe('EmailConfig', () => {
  it('accepts a valid config', () => {
    expect(errorsOf(valid)).toEqual({});
  });

  it('accepts a minimal config without optional fields', () => {
    expect(errorsOf({ address: 'help@example.org', smtp: { host: 'localhost', port: 25, secure: false } })).toEqual({});
  });

  it('turns smtp into SmtpSettings', () => {
    expect(plainToInstance(EmailConfig, valid).smtp).toBeInstanceOf(SmtpSettings);
  });

  it.each(['address', 'smtp'])('reports missing %s under its own name', (field) => {
    expect(Object.keys(errorsOf(without(valid, field)))).toEqual([field]);
  });

  it.each(['host', 'port', 'secure'])('reports missing smtp.%s under its own path', (field) => {
    expect(Object.keys(errorsOf({ ...valid, smtp: without(validSmtp, field) }))).toEqual([`smtp.${field}`]);
  });

  it.each([
    ['address', 'not-an-email'],
    ['fromName', 'x'.repeat(101)],
    ['smtp', 'smtp.example.com:587'],
  ])('rejects bad %s %p', (field, value) => {
    expect(Object.keys(errorsOf({ ...valid, [field]: value }))).toEqual([field]);
  });

  it.each([
    ['port', 0],
    ['port', 65536],
    ['port', 587.5],
    ['port', '587'],
    ['secure', 'true'],
    ['host', ''],
    ['password', 1234],
  ])('rejects bad smtp.%s %p', (field, value) => {
    expect(Object.keys(errorsOf({ ...valid, smtp: { ...validSmtp, [field]: value } }))).toEqual([`smtp.${field}`]);
  });

  it('rejects unknown fields, top-level and nested', () => {
    expect(errorsOf({ ...valid, imap: {} })).toEqual({ imap: ['whitelistValidation'] });
    expect(errorsOf({ ...valid, smtp: { ...validSmtp, tls: true } })).toEqual({ 'smtp.tls': ['whitelistValidation'] });
  });

  it('declares the nested smtp.password as the only secret', () => {
    expect(secretFields(EmailConfig)).toEqual([]);
    expect(secretFields(SmtpSettings)).toEqual(['password']);
    expect(secretPaths(EmailConfig)).toEqual(['smtp.password']);
  });
});

describe('emailPlugin', () => {
  it('describes the email channel', () => {
    expect(emailPlugin).toMatchObject({ id: 'email', channel: 'email', displayName: 'Email' });
    expect(emailPlugin.configClass).toBe(EmailConfig);
    expect(emailPlugin.capabilities).toMatchObject({ html: true, subject: true });
    expect(emailPlugin.capabilities.messagingWindowHours).toBeUndefined();
    expect(emailPlugin.capabilities.attachments?.maxBytes).toBe(25 * 1024 * 1024);
    expect(emailPlugin.capabilities.attachments?.mimeTypes).toEqual(expect.arrayContaining(['application/pdf', 'image/png', 'text/plain']));
  });
});

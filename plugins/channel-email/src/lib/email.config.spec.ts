import { configErrors } from '@parley/plugin-sdk/testing';
import { secretFields, secretPaths } from '@parley/plugin-sdk';
import { plainToInstance } from 'class-transformer';
import { EmailConfig, ImapSettings, SmtpSettings } from './email.config';
import { EmailChannel } from './email.channel';

const emailPlugin = new EmailChannel({ forPlugin: () => ({ log: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() }) });

const validSmtp = { host: 'smtp.example.com', port: 587, secure: false, user: 'support', password: 'pw' };
const valid = { address: 'support@example.com', fromName: 'Acme Support', smtp: validSmtp };
const validImap = { host: 'imap.example.com', port: 993, secure: true, user: 'support@example.com', password: 'app-password', mailbox: 'INBOX' };

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
    expect(errorsOf({ ...valid, pop3: {} })).toEqual({ pop3: ['whitelistValidation'] });
    expect(errorsOf({ ...valid, smtp: { ...validSmtp, tls: true } })).toEqual({ 'smtp.tls': ['whitelistValidation'] });
    expect(errorsOf({ ...valid, imap: { ...validImap, idle: false } })).toEqual({ 'imap.idle': ['whitelistValidation'] });
  });

  it('accepts an IMAP mailbox and an inbound secret, and turns imap into ImapSettings', () => {
    const full = { ...valid, imap: validImap, inboundSecret: 'a-long-enough-shared-secret' };
    expect(errorsOf(full)).toEqual({});
    expect(errorsOf({ ...full, imap: without(validImap, 'mailbox') })).toEqual({});
    expect(plainToInstance(EmailConfig, full).imap).toBeInstanceOf(ImapSettings);
  });

  it.each(['host', 'port', 'secure', 'user', 'password'])('reports missing imap.%s under its own path', (field) => {
    expect(Object.keys(errorsOf({ ...valid, imap: without(validImap, field) }))).toEqual([`imap.${field}`]);
  });

  it.each([
    ['port', 99999],
    ['secure', 'yes'],
    ['user', ''],
    ['password', 42],
    ['mailbox', ''],
  ])('rejects bad imap.%s %p', (field, value) => {
    expect(Object.keys(errorsOf({ ...valid, imap: { ...validImap, [field]: value } }))).toEqual([`imap.${field}`]);
  });

  it('rejects a bad imap block and a short inbound secret with their messages', () => {
    expect(errorsOf({ ...valid, imap: 'imap.example.com' })).toEqual({ imap: expect.arrayContaining(['isObject']) });
    expect(errorsOf({ ...valid, inboundSecret: 'short' })).toEqual({ inboundSecret: ['minLength'] });
  });

  it('declares smtp.password, imap.password and inboundSecret as the secrets', () => {
    expect(secretFields(EmailConfig)).toEqual(['inboundSecret']);
    expect(secretFields(SmtpSettings)).toEqual(['password']);
    expect(secretFields(ImapSettings)).toEqual(['password']);
    expect(secretPaths(EmailConfig).sort()).toEqual(['imap.password', 'inboundSecret', 'smtp.password']);
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

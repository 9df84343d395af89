import { configErrors, without } from '@parley/plugin-sdk/testing';
import { secretFields } from '@parley/plugin-sdk';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { TwilioSmsConfig } from './twilio-sms.config';
import { TwilioSmsChannel } from './twilio-sms.channel';

const twilioSmsPlugin = new TwilioSmsChannel(
  { forPlugin: () => ({ log: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() }) },
  { fetch: (url, init) => fetch(url, init) },
);

const valid = {
  accountSid: 'AC' + '0123456789abcdef'.repeat(2),
  authToken: 'secret-token',
  fromNumber: '+15551234567',
};

/** property name -> failed constraint names, as the host (whitelist + forbidNonWhitelisted) sees them */
const errorsOf = (plain: Record<string, unknown>) => configErrors(TwilioSmsConfig, plain);

const withoutField = (key: string) => without(valid, key);

describe('TwilioSmsConfig', () => {
  it('accepts a valid config with fromNumber', () => {
    expect(errorsOf(valid)).toEqual({});
  });

  it('accepts a valid config with messagingServiceSid instead of fromNumber', () => {
    const config = { ...withoutField('fromNumber'), messagingServiceSid: 'MG' + 'ABCDEF0123456789'.repeat(2) };
    expect(errorsOf(config)).toEqual({});
  });

  it.each(['accountSid', 'authToken'])('reports missing %s under its own name', (field) => {
    expect(Object.keys(errorsOf(withoutField(field)))).toEqual([field]);
  });

  it('requires one sender, reporting it under both sender fields', () => {
    const errors = errorsOf(withoutField('fromNumber'));
    expect(Object.keys(errors).sort()).toEqual(['fromNumber', 'messagingServiceSid']);
    expect(errors['fromNumber']).toContain('exactlyOneSender');
    const messages = validateSync(plainToInstance(TwilioSmsConfig, withoutField('fromNumber'))).flatMap((e) => Object.values(e.constraints ?? {}));
    expect(messages).toContain('fromNumber: one of fromNumber or messagingServiceSid is required');
  });

  it('rejects both senders at once', () => {
    const errors = errorsOf({ ...valid, messagingServiceSid: 'MG' + '0'.repeat(32) });
    expect(errors).toEqual({
      fromNumber: ['exactlyOneSender'],
      messagingServiceSid: ['exactlyOneSender'],
    });
  });

  it.each([
    ['accountSid', 'AB' + '0'.repeat(32)],
    ['accountSid', 'AC' + '0'.repeat(31)],
    ['accountSid', 'AC' + 'g'.repeat(32)],
    ['authToken', ''],
    ['authToken', 42],
    ['fromNumber', '5551234567'],
    ['fromNumber', '+05551234567'],
    ['fromNumber', '+1555'],
    ['apiBaseUrl', 'ftp://api.twilio.com'],
    ['apiBaseUrl', 'not a url'],
  ])('rejects bad %s %p', (field, value) => {
    expect(Object.keys(errorsOf({ ...valid, [field]: value }))).toEqual([field]);
  });

  it('rejects a malformed messagingServiceSid', () => {
    const config = { ...withoutField('fromNumber'), messagingServiceSid: 'MG123' };
    expect(Object.keys(errorsOf(config))).toEqual(['messagingServiceSid']);
  });

  it.each(['https://api.twilio.com', 'http://127.0.0.1:4010', 'http://localhost:4010'])('accepts apiBaseUrl %s', (apiBaseUrl) => {
    expect(errorsOf({ ...valid, apiBaseUrl })).toEqual({});
  });

  it('rejects unknown fields', () => {
    expect(errorsOf({ ...valid, region: 'ie1' })).toEqual({ region: ['whitelistValidation'] });
  });

  it('marks exactly authToken as secret', () => {
    expect(secretFields(TwilioSmsConfig)).toEqual(['authToken']);
  });
});

describe('twilioSmsPlugin', () => {
  it('describes the Twilio SMS channel', () => {
    expect(twilioSmsPlugin).toMatchObject({ id: 'twilio-sms', channel: 'sms', displayName: 'Twilio SMS' });
    expect(twilioSmsPlugin.configClass).toBe(TwilioSmsConfig);
    expect(twilioSmsPlugin.capabilities).toEqual({
      attachments: { maxBytes: 5 * 1024 * 1024, mimeTypes: ['image/jpeg', 'image/png', 'image/gif'] },
    });
  });
});

import { configErrors, without } from '@parley/plugin-sdk/testing';
import { secretFields } from '@parley/plugin-sdk';
import { TwilioVoiceConfig } from './twilio-voice.config';
import { TwilioVoiceChannel } from './twilio-voice.channel';

const twilioVoicePlugin = new TwilioVoiceChannel({ forPlugin: () => ({ log: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() }) });

const valid = {
  accountSid: 'AC' + 'fedcba9876543210'.repeat(2),
  authToken: 'secret-token',
  voice: 'Polly.Joanna',
  language: 'en-US',
  apiBaseUrl: 'http://127.0.0.1:4010',
};

/** property name -> failed constraint names, as the host (whitelist + forbidNonWhitelisted) sees them */
const errorsOf = (plain: Record<string, unknown>) => configErrors(TwilioVoiceConfig, plain);

const withoutField = (key: string) => without(valid, key);

describe('TwilioVoiceConfig', () => {
  it('accepts a valid config', () => {
    expect(errorsOf(valid)).toEqual({});
  });

  it('accepts a config with only the required fields', () => {
    expect(errorsOf({ accountSid: valid.accountSid, authToken: valid.authToken })).toEqual({});
  });

  it.each(['accountSid', 'authToken'])('reports missing %s under its own name', (field) => {
    expect(Object.keys(errorsOf(withoutField(field)))).toEqual([field]);
  });

  it.each([
    ['accountSid', 'AC123'],
    ['accountSid', 'SK' + '0'.repeat(32)],
    ['authToken', ''],
    ['voice', 'Polly Joanna'],
    ['voice', 'x'.repeat(65)],
    ['language', 'en'],
    ['language', 'en_US'],
    ['language', 'EN-us'],
    ['apiBaseUrl', 'api.twilio.com'],
  ])('rejects bad %s %p', (field, value) => {
    expect(Object.keys(errorsOf({ ...valid, [field]: value }))).toEqual([field]);
  });

  it('rejects unknown fields', () => {
    expect(errorsOf({ ...valid, fromNumber: '+15551234567' })).toEqual({ fromNumber: ['whitelistValidation'] });
  });

  it('marks exactly authToken as secret', () => {
    expect(secretFields(TwilioVoiceConfig)).toEqual(['authToken']);
  });
});

describe('twilioVoicePlugin', () => {
  it('describes the Twilio Voice channel with no text capabilities', () => {
    expect(twilioVoicePlugin).toMatchObject({ id: 'twilio-voice', channel: 'voice', displayName: 'Twilio Voice' });
    expect(twilioVoicePlugin.configClass).toBe(TwilioVoiceConfig);
    expect(twilioVoicePlugin.capabilities).toEqual({});
  });
});

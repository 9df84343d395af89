import { configErrors, without } from '@parley/plugin-sdk/testing';
import { secretFields } from '@parley/plugin-sdk';
import { WhatsAppCloudConfig } from './whatsapp-cloud.config';
import { WhatsappCloudChannel } from './whatsapp-cloud.channel';

const whatsappCloudPlugin = new WhatsappCloudChannel(
  { fetch: jest.fn() },
  { forPlugin: () => ({ log: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() }) },
);

const valid = {
  phoneNumberId: '106540352242922',
  accessToken: 'EAAG-access-token',
  appSecret: 'app-secret',
  verifyToken: 'verify-me',
};

/** property name -> failed constraint names, as the host (whitelist + forbidNonWhitelisted) sees them */
const errorsOf = (plain: Record<string, unknown>) => configErrors(WhatsAppCloudConfig, plain);

const withoutField = (key: string) => without(valid, key);

describe('WhatsAppCloudConfig', () => {
  it('accepts a valid config', () => {
    expect(errorsOf(valid)).toEqual({});
  });

  it('accepts the optional fields', () => {
    expect(errorsOf({ ...valid, apiBaseUrl: 'http://127.0.0.1:4010', apiVersion: 'v19.0' })).toEqual({});
  });

  it.each(['phoneNumberId', 'accessToken', 'appSecret', 'verifyToken'])('reports missing %s under its own name', (field) => {
    expect(Object.keys(errorsOf(withoutField(field)))).toEqual([field]);
  });

  it.each([
    ['phoneNumberId', '+15551234567'],
    ['phoneNumberId', '1065-4035'],
    ['phoneNumberId', 106540352242922],
    ['accessToken', ''],
    ['appSecret', ''],
    ['verifyToken', ''],
    ['apiVersion', '21.0'],
    ['apiVersion', 'v21'],
    ['apiBaseUrl', 'graph.facebook.com/'],
    ['apiBaseUrl', 'ftp://graph.facebook.com'],
  ])('rejects bad %s %p', (field, value) => {
    expect(Object.keys(errorsOf({ ...valid, [field]: value }))).toEqual([field]);
  });

  it('rejects unknown fields', () => {
    expect(errorsOf({ ...valid, wabaId: '123' })).toEqual({ wabaId: ['whitelistValidation'] });
  });

  it('marks exactly accessToken, appSecret and verifyToken as secret', () => {
    expect([...secretFields(WhatsAppCloudConfig)].sort()).toEqual(['accessToken', 'appSecret', 'verifyToken']);
  });
});

describe('whatsappCloudPlugin', () => {
  it('describes the WhatsApp Cloud API channel', () => {
    expect(whatsappCloudPlugin).toMatchObject({
      id: 'whatsapp-cloud',
      channel: 'whatsapp',
      displayName: 'WhatsApp Cloud API',
    });
    expect(whatsappCloudPlugin.configClass).toBe(WhatsAppCloudConfig);
    expect(whatsappCloudPlugin.capabilities).toMatchObject({ messagingWindowHours: 24, templates: true });
    expect(whatsappCloudPlugin.capabilities.attachments?.maxBytes).toBe(16 * 1024 * 1024);
    expect(whatsappCloudPlugin.capabilities.attachments?.mimeTypes).toEqual(
      expect.arrayContaining(['image/jpeg', 'audio/ogg', 'video/mp4', 'application/pdf']),
    );
  });
});

import { configErrors } from '@parley/plugin-sdk/testing';
import { secretFields } from '@parley/plugin-sdk';
import { WebchatConfig } from './webchat.config';
import { WebchatChannel } from './webchat.channel';

const webchatPlugin = new WebchatChannel({ forPlugin: () => ({ log: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() }) });

const valid = {
  allowedOrigins: ['https://example.com', 'http://localhost:4200'],
  title: 'Chat with Acme',
  welcomeMessage: 'Hi! How can we help?',
};

/** property name -> failed constraint names, as the host (whitelist + forbidNonWhitelisted) sees them */
const errorsOf = (plain: Record<string, unknown>) => configErrors(WebchatConfig, plain);

describe('WebchatConfig', () => {
  it('accepts a valid config', () => {
    expect(errorsOf(valid)).toEqual({});
  });

  it('accepts only allowedOrigins', () => {
    expect(errorsOf({ allowedOrigins: ['https://support.example.co.uk:8443'] })).toEqual({});
  });

  it('reports missing allowedOrigins under its own name', () => {
    expect(Object.keys(errorsOf({ title: 'x' }))).toEqual(['allowedOrigins']);
  });

  it('rejects an empty allowedOrigins list', () => {
    expect(errorsOf({ allowedOrigins: [] })).toEqual({ allowedOrigins: ['arrayNotEmpty'] });
  });

  it('rejects allowedOrigins that is not an array', () => {
    expect(Object.keys(errorsOf({ allowedOrigins: 'https://example.com' }))).toEqual(['allowedOrigins']);
  });

  it.each([
    'https://example.com/',
    'https://example.com/chat',
    'https://example.com?x=1',
    'example.com',
    'ftp://example.com',
    'https://user:pw@example.com',
    'https://EXAMPLE.com',
    '*',
    '',
  ])('rejects the origin %p', (origin) => {
    const errors = errorsOf({ allowedOrigins: ['https://ok.example.com', origin] });
    expect(errors).toEqual({ allowedOrigins: ['isOrigin'] });
  });

  it('rejects a non-string origin', () => {
    expect(errorsOf({ allowedOrigins: [42] })).toEqual({ allowedOrigins: ['isOrigin'] });
  });

  it.each([
    ['title', 'x'.repeat(61)],
    ['title', 7],
    ['welcomeMessage', 'x'.repeat(501)],
  ])('rejects bad %s', (field, value) => {
    expect(Object.keys(errorsOf({ ...valid, [field]: value }))).toEqual([field]);
  });

  it('accepts title and welcomeMessage at their maximum lengths', () => {
    expect(errorsOf({ ...valid, title: 'x'.repeat(60), welcomeMessage: 'x'.repeat(500) })).toEqual({});
  });

  it('rejects unknown fields', () => {
    expect(errorsOf({ ...valid, color: '#f00' })).toEqual({ color: ['whitelistValidation'] });
  });

  it('has no secret fields', () => {
    expect(secretFields(WebchatConfig)).toEqual([]);
  });
});

describe('webchatPlugin', () => {
  it('describes the web chat channel', () => {
    expect(webchatPlugin).toMatchObject({ id: 'webchat', channel: 'webchat', displayName: 'Web chat' });
    expect(webchatPlugin.configClass).toBe(WebchatConfig);
    expect(webchatPlugin.capabilities.attachments?.maxBytes).toBe(10 * 1024 * 1024);
    expect(webchatPlugin.capabilities.attachments?.mimeTypes).toEqual(expect.arrayContaining(['image/jpeg', 'image/png', 'application/pdf']));
    expect(webchatPlugin.capabilities.attachments?.mimeTypes.every((t) => t.startsWith('image/') || t === 'application/pdf')).toBe(true);
  });
});

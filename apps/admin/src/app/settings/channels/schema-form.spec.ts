import { buildConfig, humanize, initialValues, schemaFields, secretIsSet, validateValues } from './schema-form';
import type { JsonSchema } from '../settings-api';

// As GET /plugins serves them (trimmed).
const sms: JsonSchema = {
  type: 'object',
  required: ['accountSid', 'authToken'],
  properties: {
    accountSid: { type: 'string', pattern: '^AC[0-9a-fA-F]{32}$' },
    authToken: { type: 'string', minLength: 1, writeOnly: true, format: 'password' },
    fromNumber: { type: 'string', pattern: '^\\+[1-9]\\d{6,14}$' },
    apiBaseUrl: { type: 'string', format: 'url' },
  },
};
const email: JsonSchema = {
  type: 'object',
  required: ['address', 'smtp'],
  properties: {
    address: { type: 'string', format: 'email' },
    smtp: {
      type: 'object',
      required: ['host', 'port', 'secure'],
      properties: {
        host: { type: 'string' },
        port: { type: 'integer', minimum: 1, maximum: 65535 },
        secure: { type: 'boolean' },
        password: { type: 'string' },
      },
    },
    imap: { type: 'object', required: ['host'], properties: { host: { type: 'string' } } },
  },
};
const webchat: JsonSchema = {
  type: 'object',
  required: ['allowedOrigins'],
  properties: { allowedOrigins: { type: 'array', minItems: 1, items: { $ref: '#/definitions/Array' } } },
};

describe('schema form', () => {
  it('labels fields in words', () => {
    expect(humanize('accountSid')).toBe('Account SID');
    expect(humanize('smtp.password')).toBe('SMTP password');
    expect(humanize('apiBaseUrl')).toBe('API base URL');
  });

  it('renders secrets as password fields, from writeOnly or the dotted secretFields', () => {
    const fields = schemaFields(email, ['smtp.password']);
    expect(fields.map((f) => [f.path, f.kind, f.required])).toEqual([
      ['address', 'text', true],
      ['smtp.host', 'text', true],
      ['smtp.port', 'integer', true],
      ['smtp.secure', 'boolean', true],
      ['smtp.password', 'password', false],
      ['imap.host', 'text', true],
    ]);
    expect(schemaFields(sms).find((f) => f.path === 'authToken')?.kind).toBe('password');
    expect(schemaFields(webchat)[0].kind).toBe('list');
  });

  it('never prefills a secret and reads its "set" state from <field>Set', () => {
    const stored = { accountSid: 'AC' + '0'.repeat(32), authToken: null, authTokenSet: true };
    const values = initialValues(schemaFields(sms), stored);
    expect(values).toEqual({ accountSid: stored.accountSid, authToken: '', fromNumber: '', apiBaseUrl: '' });
    expect(secretIsSet(stored, 'authToken')).toBe(true);
    expect(secretIsSet({ smtp: { passwordSet: false } }, 'smtp.password')).toBe(false);
  });

  it('requires a secret on create, not on edit when one is stored', () => {
    const fields = schemaFields(sms);
    const values = { accountSid: 'AC' + 'a'.repeat(32), authToken: '', fromNumber: '', apiBaseUrl: '' };
    expect(validateValues(fields, values)).toEqual({ authToken: 'Auth token is required' });
    expect(validateValues(fields, values, { authTokenSet: true })).toEqual({});
    expect(validateValues(fields, { ...values, accountSid: 'nope', authToken: 'x', apiBaseUrl: 'ftp://x' })).toEqual({
      accountSid: 'Account SID is not in the expected format',
      apiBaseUrl: 'API base URL must be an http(s) URL',
    });
  });

  it('checks numbers and optional groups', () => {
    const fields = schemaFields(email, ['smtp.password']);
    const base = { address: 'a@b.test', 'smtp.host': 'mail', 'smtp.port': '70000', 'smtp.secure': false, 'smtp.password': '', 'imap.host': '' };
    expect(validateValues(fields, base)).toEqual({ 'smtp.port': 'SMTP port must be at most 65535' });
    expect(validateValues(fields, { ...base, 'smtp.port': '587' })).toEqual({});
  });

  it('builds the nested config: numbers typed, lists split, empty optionals and secrets left out', () => {
    const fields = schemaFields(email, ['smtp.password']);
    expect(
      buildConfig(fields, { address: 'a@b.test', 'smtp.host': 'mail', 'smtp.port': '587', 'smtp.secure': true, 'smtp.password': '', 'imap.host': '' }),
    ).toEqual({
      address: 'a@b.test',
      smtp: { host: 'mail', port: 587, secure: true },
    });
    expect(buildConfig(schemaFields(webchat), { allowedOrigins: 'https://a.test\n https://b.test ,' })).toEqual({
      allowedOrigins: ['https://a.test', 'https://b.test'],
    });
  });
});

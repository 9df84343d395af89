import { secretFields } from '@parley/plugin-sdk';
import { configErrors, without } from '@parley/plugin-sdk/testing';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { OpenAiConfig } from './openai.config';

const valid = { baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-test-key', model: 'gpt-4o-mini' };

/** field -> failed constraint names, as the host (whitelist + forbidNonWhitelisted) sees them */
const errorsOf = (plain: Record<string, unknown>) => configErrors(OpenAiConfig, plain);

describe('OpenAiConfig', () => {
  it('has defaults for timeout and retries', () => {
    const config = plainToInstance(OpenAiConfig, valid);
    expect(config).toMatchObject({ timeoutMs: 20_000, maxRetries: 2 });
    expect(config.temperature).toBeUndefined();
  });

  it.each([
    ['the required fields', valid],
    ['a local server without a key', { baseUrl: 'http://localhost:11434/v1', model: 'llama3.1:8b' }],
    ['an IP host', { baseUrl: 'http://192.168.1.20:8000/v1', model: 'qwen' }],
    ['every field', { ...valid, temperature: 0.2, timeoutMs: 1000, maxRetries: 0, systemPrompt: 'Sign off as the Acme team.' }],
  ])('accepts %s', (_name, plain) => {
    expect(errorsOf(plain)).toEqual({});
  });

  it.each(['baseUrl', 'model'])('reports missing %s under its own name', (field) => {
    expect(Object.keys(errorsOf(without(valid, field)))).toEqual([field]);
  });

  it.each([
    ['baseUrl', 'api.openai.com/v1'],
    ['baseUrl', 'ftp://example.com/v1'],
    ['apiKey', 42],
    ['model', ''],
    ['temperature', 2.5],
    ['temperature', -0.1],
    ['temperature', 'warm'],
    ['timeoutMs', 999],
    ['timeoutMs', 120_001],
    ['timeoutMs', 1500.5],
    ['maxRetries', 6],
    ['maxRetries', -1],
    ['systemPrompt', 7],
  ])('rejects %s = %p under its own name', (field, value) => {
    expect(Object.keys(errorsOf({ ...valid, [field]: value }))).toEqual([field]);
  });

  it('rejects a systemPrompt over 4000 characters', () => {
    expect(errorsOf({ ...valid, systemPrompt: 'x'.repeat(4000) })).toEqual({});
    expect(errorsOf({ ...valid, systemPrompt: 'x'.repeat(4001) })).toEqual({ systemPrompt: ['maxLength'] });
  });

  it('names the field in every message', () => {
    const plain = { baseUrl: 'nope', apiKey: 1, model: 2, temperature: 9, timeoutMs: 1, maxRetries: 9, systemPrompt: 3 };
    const errors = validateSync(plainToInstance(OpenAiConfig, plain));
    expect(errors.map((e) => e.property).sort()).toEqual(Object.keys(plain).sort());
    for (const error of errors) {
      for (const message of Object.values(error.constraints ?? {})) expect(message.startsWith(error.property)).toBe(true);
    }
  });

  it('rejects unknown fields', () => {
    expect(errorsOf({ ...valid, organization: 'org-1' })).toEqual({ organization: ['whitelistValidation'] });
  });

  it('marks exactly apiKey as secret', () => {
    expect(secretFields(OpenAiConfig)).toEqual(['apiKey']);
  });
});

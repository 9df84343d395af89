import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'parley-config-'));

  it('applies the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config).toMatchObject({
      port: 3000,
      publicUrl: 'http://localhost:3000',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/parley',
      redisUrl: 'redis://127.0.0.1:6379',
      smtpPort: 2525,
      allowSignup: true,
      workers: 'inline',
      logLevel: 'info',
    });
  });

  it('reports one clear line per bad value', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', WORKERS: 'sometimes', ALLOW_SIGNUP: 'perhaps', DATA_DIR: dataDir() });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const byVariable = Object.fromEntries((error?.problems ?? []).map((p) => [p.split('=')[0], p]));
    expect(Object.keys(byVariable).sort()).toEqual(['ALLOW_SIGNUP', 'DATABASE_URL', 'PORT', 'WORKERS']);
    expect(byVariable['DATABASE_URL']).toContain('postgres://');
    expect(byVariable['PORT']).toContain('"eighty"');
  });

  it('requires JWT_SECRET in production, and generates and keeps one in development', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir() })).toThrow(/JWT_SECRET is required/);
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8')).toBe(first.jwtSecret);
    expect(loadConfig({ DATA_DIR: dir }).jwtSecret).toBe(first.jwtSecret);
  });

  it('takes OUTBOUND_ALLOWED_HOSTS as exact host names and addresses, empty by default, naming each bad entry', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).outboundAllowedHosts).toEqual([]);
    expect(loadConfig({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1, LocalHost,[::1]', DATA_DIR: dataDir() }).outboundAllowedHosts).toEqual([
      '127.0.0.1',
      'localhost',
      '::1',
    ]);
    let error: ConfigError | undefined;
    try {
      loadConfig({ OUTBOUND_ALLOWED_HOSTS: 'localhost,http://llm.internal:8080,10.0.0.0/8', DATA_DIR: dataDir() });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems).toEqual([
      'OUTBOUND_ALLOWED_HOSTS="localhost,http://llm.internal:8080,10.0.0.0/8": "http://llm.internal:8080" is not a host name or IP address',
      'OUTBOUND_ALLOWED_HOSTS="localhost,http://llm.internal:8080,10.0.0.0/8": "10.0.0.0/8" is not a host name or IP address',
    ]);
  });

  it('turns signup off and strips a trailing slash from PUBLIC_URL', () => {
    const config = loadConfig({ ALLOW_SIGNUP: 'false', PUBLIC_URL: 'https://help.example.com/', DATA_DIR: dataDir() });
    expect(config.allowSignup).toBe(false);
    expect(config.publicUrl).toBe('https://help.example.com');
  });
});

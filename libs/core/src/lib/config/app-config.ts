import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllowedHosts } from '../plugin-host/outbound-hosts';

const toBool = ({ value }: { value: unknown }) =>
  value === undefined || typeof value === 'boolean'
    ? value
    : ['true', '1', 'yes'].includes(String(value).toLowerCase())
      ? true
      : ['false', '0', 'no'].includes(String(value).toLowerCase())
        ? false
        : value;
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value);

/** The environment as documented in the README. Defaults suit `npm start` on a developer machine. */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_URL?: string;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/parley';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  SMTP_PORT = 2525;

  /** `off`: this process starts no channel listener (the SMTP server, IMAP mailboxes); e.g. a second API instance. */
  @IsIn(['on', 'off'], { message: 'LISTENERS must be on or off' })
  LISTENERS: 'on' | 'off' = 'on';

  /** PEM files for STARTTLS on the SMTP server (both or neither). */
  @IsOptional()
  @IsString()
  SMTP_TLS_KEY_FILE?: string;

  @IsOptional()
  @IsString()
  SMTP_TLS_CERT_FILE?: string;

  @Transform(toInt)
  @IsInt({ message: 'SMTP_MAX_MESSAGE_BYTES must be a whole number of bytes' })
  @Min(1024)
  SMTP_MAX_MESSAGE_BYTES = 30 * 1024 * 1024;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toBool)
  @IsBoolean({ message: 'ALLOW_SIGNUP must be true or false' })
  ALLOW_SIGNUP = true;

  /** `inline`: the api process also runs the queue workers; `off`: api only (run apps/worker elsewhere). */
  @IsIn(['inline', 'off'])
  WORKERS: 'inline' | 'off' = 'inline';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsString()
  DATA_DIR = './data';

  /** Namespaces BullMQ keys, so several installs (or test runs) can share one Redis. */
  @Matches(/^[a-zA-Z0-9_-]+$/, { message: 'QUEUE_PREFIX may contain letters, digits, _ and - only' })
  QUEUE_PREFIX = 'parley';

  /** How long the assistant waits after an inbound message for more: a burst gets one answer. */
  @Transform(toInt)
  @IsInt({ message: 'ASSISTANT_DEBOUNCE_MS must be a whole number of milliseconds' })
  @Min(0)
  @Max(60_000)
  ASSISTANT_DEBOUNCE_MS = 1500;

  /** Assistant turns run at once per worker process (each may wait seconds on an AI provider). */
  @Transform(toInt)
  @IsInt({ message: 'ASSISTANT_CONCURRENCY must be a whole number' })
  @Min(1)
  @Max(100)
  ASSISTANT_CONCURRENCY = 4;

  /**
   * Work older than this with no job left in Redis (a send still queued, an inbound message the
   * assistant has not decided on) is enqueued again by the reconciler. Redis lost it: a flush, a failover.
   */
  @Transform(toInt)
  @IsInt({ message: 'RECONCILE_AFTER_MS must be a whole number of milliseconds' })
  @Min(1_000)
  @Max(24 * 3600_000)
  RECONCILE_AFTER_MS = 120_000;

  /**
   * Hosts plugins may reach although they are loopback, private, link-local or metadata addresses:
   * comma-separated exact host names or IP addresses (a self-hosted LLM, local test doubles). Empty by default.
   */
  @IsOptional()
  @IsString()
  OUTBOUND_ALLOWED_HOSTS?: string;

  /** How long the public URL of an outbound attachment (fetched by Twilio for MMS) stays valid. */
  @Transform(toInt)
  @IsInt({ message: 'PUBLIC_MEDIA_URL_TTL_SECONDS must be a whole number of seconds' })
  @Min(60)
  @Max(7 * 24 * 3600)
  PUBLIC_MEDIA_URL_TTL_SECONDS = 24 * 3600;
}

export interface AppConfig {
  env: EnvironmentVariables['NODE_ENV'];
  port: number;
  publicUrl: string;
  databaseUrl: string;
  redisUrl: string;
  smtpPort: number;
  listeners: boolean;
  smtpTls?: { key: string; cert: string };
  smtpMaxMessageBytes: number;
  jwtSecret: string;
  allowSignup: boolean;
  workers: 'inline' | 'off';
  logLevel: string;
  dataDir: string;
  queuePrefix: string;
  assistantDebounceMs: number;
  assistantConcurrency: number;
  reconcileAfterMs: number;
  /** Normalized OUTBOUND_ALLOWED_HOSTS. */
  outboundAllowedHosts: string[];
  publicMediaUrlTtlSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Validates `env`; throws ConfigError listing one line per bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const vars = plainToInstance(EnvironmentVariables, defined, { exposeDefaultValues: true });
  const errors = validateSync(vars, { skipMissingProperties: false, whitelist: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}=${JSON.stringify(defined[e.property] ?? '')}: ${m}`));
  if (vars.NODE_ENV === 'production' && !vars.JWT_SECRET) {
    problems.push('JWT_SECRET is required when NODE_ENV=production (at least 32 random characters)');
  }
  const allowedHosts = parseAllowedHosts(vars.OUTBOUND_ALLOWED_HOSTS);
  for (const problem of allowedHosts.problems) problems.push(`OUTBOUND_ALLOWED_HOSTS=${JSON.stringify(vars.OUTBOUND_ALLOWED_HOSTS)}: ${problem}`);
  const smtpTls = readTls(vars.SMTP_TLS_KEY_FILE, vars.SMTP_TLS_CERT_FILE, problems);
  if (problems.length) throw new ConfigError(problems);

  const dataDir = resolve(vars.DATA_DIR);
  return {
    env: vars.NODE_ENV,
    port: vars.PORT,
    publicUrl: (vars.PUBLIC_URL ?? `http://localhost:${vars.PORT}`).replace(/\/+$/, ''),
    databaseUrl: vars.DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    smtpPort: vars.SMTP_PORT,
    listeners: vars.LISTENERS === 'on',
    ...(smtpTls ? { smtpTls } : {}),
    smtpMaxMessageBytes: vars.SMTP_MAX_MESSAGE_BYTES,
    jwtSecret: vars.JWT_SECRET ?? developmentSecret(dataDir),
    allowSignup: vars.ALLOW_SIGNUP,
    workers: vars.WORKERS,
    logLevel: vars.LOG_LEVEL,
    dataDir,
    queuePrefix: vars.QUEUE_PREFIX,
    assistantDebounceMs: vars.ASSISTANT_DEBOUNCE_MS,
    assistantConcurrency: vars.ASSISTANT_CONCURRENCY,
    reconcileAfterMs: vars.RECONCILE_AFTER_MS,
    outboundAllowedHosts: allowedHosts.hosts,
    publicMediaUrlTtlSeconds: vars.PUBLIC_MEDIA_URL_TTL_SECONDS,
  };
}

/** Outside production a secret is generated once and kept in the data dir, so tokens survive restarts. */
function developmentSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** STARTTLS material for the SMTP server: both files or neither, each readable. */
function readTls(keyFile: string | undefined, certFile: string | undefined, problems: string[]): { key: string; cert: string } | undefined {
  if (!keyFile && !certFile) return undefined;
  if (!keyFile || !certFile) {
    problems.push('SMTP_TLS_KEY_FILE and SMTP_TLS_CERT_FILE go together: set both or neither');
    return undefined;
  }
  try {
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  } catch (err) {
    problems.push(`SMTP_TLS_KEY_FILE/SMTP_TLS_CERT_FILE: ${(err as Error).message}`);
    return undefined;
  }
}

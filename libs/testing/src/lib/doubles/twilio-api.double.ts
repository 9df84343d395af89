import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A form body as Twilio reads it: a repeated key (MediaUrl) becomes an array. */
export type TwilioFormBody = Record<string, string | string[]>;

interface PendingFailure {
  status: number;
  code: number;
  message: string;
  headers: Record<string, string>;
  times: number;
}

const MESSAGES = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const ACCOUNT = /^\/2010-04-01\/Accounts\/([^/]+)\.json$/;
const MEDIA = /^\/media\/([^/]+)$/;

/**
 * A local stand-in for Twilio's REST API (api.twilio.com), for tests: point a twilio-sms account's
 * `apiBaseUrl` at `url`. Speaks just enough of it:
 * - `POST /2010-04-01/Accounts/:sid/Messages.json` (form-urlencoded, HTTP basic auth) → 201 message JSON
 *   with an `SM…` sid; every authenticated request's form body is recorded in `sent`;
 * - `GET /2010-04-01/Accounts/:sid.json` → the account;
 * - `GET /media/:name` (basic auth) → bytes registered with `addMedia`, for MMS webhooks' `MediaUrl0`.
 * Errors use Twilio's JSON shape `{code, message, more_info, status}`.
 */
export class TwilioApiDouble {
  /** Form bodies of the authenticated message sends, oldest first (including ones made to fail). */
  readonly sent: TwilioFormBody[] = [];
  private readonly failures: PendingFailure[] = [];
  private readonly media = new Map<string, { contentType: string; bytes: Buffer }>();
  private server?: Server;
  private baseUrl?: string;
  /** When set, every accepted send answers with this sid (a misbehaving provider or proxy). */
  fixedSid: string | null = null;

  constructor(
    readonly accountSid = 'AC' + randomBytes(16).toString('hex'),
    readonly authToken = randomBytes(16).toString('hex'),
  ) {}

  /** `http://127.0.0.1:<port>`, once started. */
  get url(): string {
    if (!this.baseUrl) throw new Error('TwilioApiDouble is not started');
    return this.baseUrl;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `times` message sends answer `status` with Twilio error `code` (and `headers`, e.g. Retry-After). */
  failNext(status: number, code: number, message = `Twilio error ${code}`, times = 1, headers: Record<string, string> = {}): void {
    this.failures.push({ status, code, message, headers, times });
  }

  /** Serves `bytes` at `${url}/media/${name}` to basic-auth'd requests. */
  addMedia(name: string, contentType: string, bytes: Buffer | string): string {
    this.media.set(name, { contentType, bytes: Buffer.from(bytes) });
    return `${this.url}/media/${encodeURIComponent(name)}`;
  }

  reset(): void {
    this.sent.length = 0;
    this.failures.length = 0;
    this.media.clear();
    this.fixedSid = null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://double').pathname;
    const body = await readBody(req);
    const messages = MESSAGES.exec(path);
    const account = ACCOUNT.exec(path);
    const media = MEDIA.exec(path);

    if (!this.authorized(req, messages?.[1] ?? account?.[1])) {
      res.setHeader('www-authenticate', 'Basic realm="Twilio API"');
      return error(res, 401, 20003, 'Authenticate');
    }
    if (messages && req.method === 'POST') return this.createMessage(res, parseForm(body));
    if (account && req.method === 'GET') return json(res, 200, this.accountJson());
    if (media && req.method === 'GET') {
      const file = this.media.get(decodeURIComponent(media[1]));
      if (!file) return error(res, 404, 20404, `The requested resource ${path} was not found`);
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.bytes.length });
      return void res.end(file.bytes);
    }
    return error(res, 404, 20404, `The requested resource ${path} was not found`);
  }

  /** Basic auth with the configured SID and token; the path's account SID, when there is one, must match. */
  private authorized(req: IncomingMessage, pathSid: string | undefined): boolean {
    const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
    if (scheme !== 'Basic' || !encoded) return false;
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const [user, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    return colon > 0 && user === this.accountSid && password === this.authToken && (pathSid ?? user) === user;
  }

  private createMessage(res: ServerResponse, form: TwilioFormBody): void {
    this.sent.push(form);
    const failure = this.failures[0];
    if (failure) {
      if (--failure.times <= 0) this.failures.shift();
      return error(res, failure.status, failure.code, failure.message, failure.headers);
    }
    const field = (name: string) => (Array.isArray(form[name]) ? form[name][0] : form[name]) ?? null;
    if (!field('To')) return error(res, 400, 21604, "A 'To' phone number is required.");
    if (!field('From') && !field('MessagingServiceSid')) return error(res, 400, 21603, "A 'From' phone number is required.");
    if (!field('Body') && !form['MediaUrl']) return error(res, 400, 21602, 'Message body is required.');

    const sid = this.fixedSid ?? 'SM' + randomBytes(16).toString('hex');
    const now = new Date().toUTCString().replace('GMT', '+0000');
    const uri = `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json`;
    json(res, 201, {
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      body: field('Body') ?? '',
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: field('From'),
      messaging_service_sid: field('MessagingServiceSid'),
      num_media: String([form['MediaUrl'] ?? []].flat().length),
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid,
      status: 'queued',
      subresource_uris: { media: uri.replace('.json', '/Media.json') },
      to: field('To'),
      uri,
    });
  }

  private accountJson(): Record<string, unknown> {
    return {
      sid: this.accountSid,
      friendly_name: 'Parley test account',
      status: 'active',
      type: 'Full',
      owner_account_sid: this.accountSid,
      uri: `/2010-04-01/Accounts/${this.accountSid}.json`,
    };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseForm(body: string): TwilioFormBody {
  const form: TwilioFormBody = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const existing = form[key];
    form[key] = existing === undefined ? value : [existing, value].flat();
  }
  return form;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function error(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);
}

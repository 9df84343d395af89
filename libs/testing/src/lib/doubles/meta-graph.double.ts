import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Meta's Graph API (WhatsApp Cloud API), plus builders for the webhooks Meta posts.
 * Point a whatsapp-cloud account's `apiBaseUrl` at `double.url`.
 *
 *   const graph = new MetaGraphDouble({ accessToken: 'EAAG-test' });
 *   await graph.start();
 *   ... send through the plugin ...
 *   expect(graph.sent[0]).toMatchObject({ to: '15551234567', type: 'text' });
 *   await graph.stop();
 */

export interface MetaGraphUpload {
  phoneNumberId: string;
  /** The plain form fields (`messaging_product`, `type`). */
  fields: Record<string, string>;
  file?: { filename: string; contentType: string; data: Buffer };
}

interface Failure {
  status: number;
  code: number;
  message: string;
  times: number;
}

export class MetaGraphDouble {
  readonly accessToken: string;
  /** When set, requests for any other phone number id answer a Graph 100 error. */
  readonly phoneNumberId?: string;
  /** JSON bodies POSTed to `/:version/:phoneNumberId/messages`, in order. */
  readonly sent: Record<string, any>[] = [];
  /** Multipart uploads to `/:version/:phoneNumberId/media`, in order. */
  readonly uploads: MetaGraphUpload[] = [];
  /** Every request: method, path (with query) and Authorization header. */
  readonly requests: { method: string; path: string; authorization?: string }[] = [];

  private readonly media = new Map<string, { mimeType: string; data: Buffer }>();
  private failures: Failure[] = [];
  private server?: Server;
  private baseUrl = '';

  constructor(options: { accessToken?: string; phoneNumberId?: string } | string = {}) {
    const opts = typeof options === 'string' ? { accessToken: options } : options;
    this.accessToken = opts.accessToken ?? 'meta-test-access-token';
    this.phoneNumberId = opts.phoneNumberId;
  }

  /** `http://127.0.0.1:<port>`, the value for `apiBaseUrl`. */
  get url(): string {
    if (!this.baseUrl) throw new Error('MetaGraphDouble not started');
    return this.baseUrl;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => graphError(res, 500, 1, `double crashed: ${String(err)}`));
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Makes media downloadable: `GET /:version/:id` describes it, `GET /files/:id` serves the bytes. */
  addMedia(id: string, mimeType: string, bytes: Buffer | string): void {
    this.media.set(id, { mimeType, data: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes) });
  }

  /** The next `times` requests (any route) answer `httpStatus` with a Graph error of `graphCode`. */
  failNext(httpStatus: number, graphCode: number, message = 'Simulated failure', times = 1): void {
    this.failures.push({ status: httpStatus, code: graphCode, message, times });
  }

  reset(): void {
    this.sent.length = 0;
    this.uploads.length = 0;
    this.requests.length = 0;
    this.media.clear();
    this.failures = [];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    this.requests.push({ method, path, authorization: req.headers.authorization });
    const body = await readBody(req);

    if (req.headers.authorization !== `Bearer ${this.accessToken}`) {
      return graphError(res, 401, 190, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException');
    }
    const failure = this.failures[0];
    if (failure) {
      if (--failure.times <= 0) this.failures.shift();
      return graphError(res, failure.status, failure.code, failure.message);
    }

    const segments = path.split('?')[0].split('/').filter(Boolean).map(decodeURIComponent);
    if (method === 'GET' && segments[0] === 'files' && segments.length === 2) {
      const file = this.media.get(segments[1]);
      if (!file) return graphError(res, 404, 100, 'Media not found');
      res.writeHead(200, { 'content-type': file.mimeType, 'content-length': file.data.length });
      return void res.end(file.data);
    }
    const [, id, edge] = segments;
    if (!/^v\d+\.\d+$/.test(segments[0] ?? '') || !id || segments.length > 3) {
      return graphError(res, 400, 100, `Unknown path components: ${path}`);
    }

    const media = method === 'GET' && !edge ? this.media.get(id) : undefined;
    if (media) {
      return json(res, 200, {
        messaging_product: 'whatsapp',
        url: `${this.baseUrl}/files/${encodeURIComponent(id)}`,
        mime_type: media.mimeType,
        file_size: media.data.length,
        id,
      });
    }
    if (this.phoneNumberId && id !== this.phoneNumberId) {
      return graphError(res, 400, 100, `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist`, 'GraphMethodException');
    }
    if (method === 'GET' && !edge) {
      return json(res, 200, { id, display_phone_number: '+1 555-010-0000', verified_name: 'Parley Test', quality_rating: 'GREEN' });
    }
    if (method === 'POST' && edge === 'messages') {
      let message: Record<string, any>;
      try {
        message = JSON.parse(body.toString('utf8'));
      } catch {
        return graphError(res, 400, 100, 'Invalid JSON body');
      }
      this.sent.push(message);
      const to = String(message['to'] ?? '');
      return json(res, 200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: to.replace(/\D/g, '') }],
        messages: [{ id: `wamid.${randomBytes(12).toString('hex')}` }],
      });
    }
    if (method === 'POST' && edge === 'media') {
      const form = await new Request('http://double/', {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body: new Uint8Array(body),
      })
        .formData()
        .catch(() => undefined);
      if (!form) return graphError(res, 400, 100, 'Expected a multipart/form-data body');
      const upload: MetaGraphUpload = { phoneNumberId: id, fields: {} };
      const parts: [string, FormDataEntryValue][] = [];
      form.forEach((value, name) => parts.push([name, value]));
      for (const [name, value] of parts) {
        if (typeof value === 'string') upload.fields[name] = value;
        else upload.file = { filename: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) };
      }
      if (upload.fields['messaging_product'] !== 'whatsapp' || !upload.file) {
        return graphError(res, 400, 100, 'The parameter messaging_product and file are required');
      }
      this.uploads.push(upload);
      const mediaId = String(1000000000000000 + this.uploads.length);
      this.media.set(mediaId, { mimeType: upload.file.contentType, data: upload.file.data });
      return json(res, 200, { id: mediaId });
    }
    return graphError(res, 400, 100, `Unsupported ${method.toLowerCase()} request: ${path}`, 'GraphMethodException');
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function graphError(res: ServerResponse, status: number, code: number, message: string, type = 'OAuthException'): void {
  if (res.headersSent) return void res.end();
  json(res, status, { error: { message, type, code, fbtrace_id: `A${randomBytes(8).toString('hex')}` } });
}

// ---------------------------------------------------------------------------------------------------
// Webhooks as Meta posts them.

/** The `X-Hub-Signature-256` value Meta would send for `body` (sign the exact string you post). */
export function signMetaPayload(appSecret: string, body: string | Buffer): string {
  return 'sha256=' + createHmac('sha256', appSecret).update(body).digest('hex');
}

/** One inbound message: `text` for a text message, or exactly one of the typed parts Meta uses. */
export interface MetaTestMessage {
  /** The sender's number, with or without `+`. */
  from: string;
  /** The sender's WhatsApp profile name. */
  name?: string;
  /** The wamid; random when omitted. */
  id?: string;
  timestamp?: Date | number;
  text?: string;
  image?: { id: string; mime_type: string; caption?: string; sha256?: string };
  audio?: { id: string; mime_type: string; voice?: boolean };
  video?: { id: string; mime_type: string; caption?: string };
  document?: { id: string; mime_type: string; filename?: string; caption?: string };
  sticker?: { id: string; mime_type: string; animated?: boolean };
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  interactive?:
    | { type: 'button_reply'; button_reply: { id: string; title: string } }
    | { type: 'list_reply'; list_reply: { id: string; title: string; description?: string } };
  button?: { text: string; payload: string };
  /** Anything else (`reaction`, `contacts`, `unsupported`…): the raw type and its part. */
  raw?: { type: string; [part: string]: unknown };
}

const PARTS = ['image', 'audio', 'video', 'document', 'sticker', 'location', 'interactive', 'button'] as const;

function unixSeconds(at: Date | number | undefined): string {
  if (at instanceof Date) return String(Math.floor(at.getTime() / 1000));
  return String(at ?? Math.floor(Date.now() / 1000));
}

function envelope(phoneNumberId: string, value: Record<string, unknown>): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WHATSAPP_BUSINESS_ACCOUNT_ID',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550100000', phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

/** A `messages` webhook carrying one inbound message (JSON.stringify it, then sign that string). */
export function metaMessagePayload(phoneNumberId: string, m: MetaTestMessage): Record<string, unknown> {
  const waId = m.from.replace(/\D/g, '');
  const message: Record<string, unknown> = {
    from: waId,
    id: m.id ?? `wamid.${randomBytes(16).toString('hex')}`,
    timestamp: unixSeconds(m.timestamp),
  };
  if (m.raw) Object.assign(message, m.raw);
  else if (m.text !== undefined) Object.assign(message, { type: 'text', text: { body: m.text } });
  else {
    const type = PARTS.find((part) => m[part] !== undefined);
    if (!type) throw new Error('metaMessagePayload: give text, one typed part or raw');
    Object.assign(message, { type, [type]: m[type] });
  }
  return envelope(phoneNumberId, {
    contacts: [{ profile: { name: m.name ?? 'Test Contact' }, wa_id: waId }],
    messages: [message],
  });
}

/** A `messages` webhook carrying one delivery status of an outbound message. */
export function metaStatusPayload(
  phoneNumberId: string,
  s: {
    id: string;
    status: 'sent' | 'delivered' | 'read' | 'failed' | (string & {});
    recipient: string;
    timestamp?: Date | number;
    errors?: { code: number; title: string; message?: string; details?: string }[];
  },
): Record<string, unknown> {
  const status: Record<string, unknown> = {
    id: s.id,
    status: s.status,
    timestamp: unixSeconds(s.timestamp),
    recipient_id: s.recipient.replace(/\D/g, ''),
  };
  if (s.errors) {
    status['errors'] = s.errors.map((e) => ({
      code: e.code,
      title: e.title,
      message: e.message ?? e.title,
      error_data: { details: e.details ?? e.title },
    }));
  }
  return envelope(phoneNumberId, { statuses: [status] });
}

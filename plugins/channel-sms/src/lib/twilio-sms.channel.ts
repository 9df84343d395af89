import { Inject, Injectable } from '@nestjs/common';
import {
  ChannelProvider,
  OutboundRequestRefused,
  PermanentSendError,
  PluginHttpClient,
  PluginLoggerFactory,
  RetryableSendError,
  type ChannelAccountContext,
  type ChannelPlugin,
  type InboundEvent,
  type OutboundMessage,
  type PluginLogger,
  type RawWebhookRequest,
  type SendResult,
  type WebhookResponse,
} from '@parley/plugin-sdk';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type TwilioResponse from 'twilio/lib/http/response';
import { TWILIO_DEFAULT_API_BASE_URL, TwilioSmsConfig } from './twilio-sms.config';
import { parseTwilioWebhook, twimlResponse, verifyTwilioSignature } from './twilio-sms.webhook';

const MB = 1024 * 1024;
const MEDIA_TIMEOUT_MS = 30_000;

type Account = ChannelAccountContext<TwilioSmsConfig>;

/** `url` with its origin replaced by `apiBaseUrl` (which may carry a path prefix, for a proxy). */
export function withBaseUrl(url: string, apiBaseUrl: string | undefined): string {
  const { pathname, search } = new URL(url);
  return (apiBaseUrl ?? TWILIO_DEFAULT_API_BASE_URL).replace(/\/+$/, '') + pathname + search;
}

/** Where Twilio serves MMS media: the API, which redirects to its media CDN (signed, short-lived URLs). */
export const TWILIO_MEDIA_HOSTS: readonly string[] = ['api.twilio.com', 'media.twiliocdn.com', 'mms.twiliocdn.com', 's3-external-1.amazonaws.com'];

/**
 * The SDK's HTTP client, sending every request through the host's HTTP facade (which refuses internal
 * addresses) to the account's `apiBaseUrl` instead of api.twilio.com (a region, a proxy, or a local double),
 * and keeping `Retry-After` on the errors it causes.
 */
class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(
    private readonly http: PluginHttpClient,
    private readonly apiBaseUrl: string | undefined,
  ) {
    super({ timeout: 15_000 });
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<TwilioResponse<TData>> {
    const url = new URL(withBaseUrl(opts.uri, this.apiBaseUrl));
    for (const [key, value] of formEntries(opts.params)) url.searchParams.append(key, value);
    const headers = new Headers();
    for (const [name, value] of Object.entries(opts.headers ?? {}))
      if (name.toLowerCase() !== 'connection' && value !== undefined) headers.set(name, String(value));
    if (opts.username && opts.password) headers.set('authorization', 'Basic ' + Buffer.from(`${opts.username}:${opts.password}`).toString('base64'));
    const form = opts.data && /x-www-form-urlencoded/i.test(headers.get('content-type') ?? '') ? new URLSearchParams(formEntries(opts.data)) : undefined;
    let response: Response;
    try {
      response = await this.http.fetch(url.href, {
        method: opts.method.toUpperCase(),
        headers,
        ...(form ? { body: form.toString() } : opts.data ? { body: JSON.stringify(opts.data) } : {}),
        redirect: opts.allowRedirects ? 'follow' : 'manual',
        timeoutMs: opts.timeout ?? 15_000,
      });
    } catch (err) {
      throw transportError(err);
    }
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => (responseHeaders[name] = value));
    const result = { statusCode: response.status, body: (await response.text()) as TData, headers: responseHeaders } as unknown as TwilioResponse<TData>;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    if (response.status >= 400 && retryAfterMs !== undefined) {
      // The SDK's own exception drops the headers: raise it here, with the delay Twilio asked for.
      throw Object.assign(new twilio.RestException(result), { retryAfterMs });
    }
    return result;
  }
}

/** A form or query object as the SDK builds it → pairs, arrays repeated (`MediaUrl=a&MediaUrl=b`). */
function formEntries(data: unknown): [string, string][] {
  if (!data || typeof data !== 'object') return [];
  return Object.entries(data as Record<string, unknown>).flatMap(([key, value]) =>
    value === undefined || value === null
      ? []
      : (Array.isArray(value) ? value : [value]).map((v): [string, string] => [key, v instanceof Date ? v.toISOString() : String(v)]),
  );
}

/** No HTTP answer: a refusal of the host's guard stays itself; anything else carries a network code (retryable). */
function transportError(err: unknown): Error {
  if (err instanceof OutboundRequestRefused) return err;
  const e = (err ?? {}) as { name?: unknown; cause?: { code?: unknown } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return Object.assign(new Error('Twilio API did not answer in time'), { code: 'timeout' });
  const code = typeof e.cause?.code === 'string' ? e.cause.code : 'network_error';
  return Object.assign(new Error(`Twilio API unreachable (${code})`), { code });
}

/** Twilio Programmable Messaging: SMS, plus MMS media. No customer-service window. */
@ChannelProvider({ id: 'twilio-sms' })
@Injectable()
export class TwilioSmsChannel implements ChannelPlugin<TwilioSmsConfig> {
  readonly id = 'twilio-sms' as const;
  readonly channel = 'sms' as const;
  readonly displayName = 'Twilio SMS';
  readonly configClass = TwilioSmsConfig;
  readonly capabilities = {
    attachments: { maxBytes: 5 * MB, mimeTypes: ['image/jpeg', 'image/png', 'image/gif'] },
  };
  private readonly logger: PluginLogger;
  /** One SDK client per channel account, rebuilt when its credentials or base URL change. */
  private readonly clients = new Map<string, { key: string; client: twilio.Twilio }>();

  constructor(
    @Inject(PluginLoggerFactory) loggers: PluginLoggerFactory,
    @Inject(PluginHttpClient) private readonly http: PluginHttpClient,
  ) {
    this.logger = loggers.forPlugin('twilio-sms');
  }

  verifyWebhook(req: RawWebhookRequest, account: Account): boolean {
    const valid = verifyTwilioSignature(req, account.config.authToken, account.webhookUrl);
    if (!valid) this.logger.warn(`webhook refused for account ${account.id}: bad or missing X-Twilio-Signature`);
    return valid;
  }

  parseWebhook(req: RawWebhookRequest): InboundEvent[] {
    return parseTwilioWebhook(req);
  }

  webhookResponse(): WebhookResponse {
    return twimlResponse();
  }

  /** SMS has no templates: the host renders a template into `body`, which is what goes out. */
  async send(message: OutboundMessage, account: Account): Promise<SendResult> {
    const { fromNumber, messagingServiceSid } = account.config;
    const mediaUrl = publicMediaUrls(message);
    try {
      const sent = await this.client(account).messages.create({
        to: message.to,
        body: message.body,
        ...(fromNumber ? { from: fromNumber } : { messagingServiceSid }),
        statusCallback: message.statusCallbackUrl,
        ...(mediaUrl.length ? { mediaUrl } : {}),
      });
      return { providerMessageId: sent.sid };
    } catch (error) {
      const classified = classifySendError(error);
      this.logger.warn(`send of message ${message.id} failed (${classified.name} ${classified.code ?? ''}): ${classified.message}`);
      throw classified;
    }
  }

  /**
   * Fetches an inbound MMS file (a `MediaUrl{i}`) with the account's credentials, following redirects, from
   * Twilio's media hosts only (and the `apiBaseUrl` host when the operator allows it: a local double). The URL
   * arrives in a webhook the account's admin can sign, so it is never trusted to name any other host.
   */
  async downloadMedia(ref: string, account: Account): Promise<{ data: Buffer; contentType: string; filename?: string }> {
    const { accountSid, authToken, apiBaseUrl } = account.config;
    const response = await this.http.fetch(ref, {
      method: 'GET',
      redirect: 'follow',
      headers: { authorization: 'Basic ' + Buffer.from(`${accountSid}:${authToken}`).toString('base64') },
      timeoutMs: MEDIA_TIMEOUT_MS,
      onlyHosts: TWILIO_MEDIA_HOSTS,
      onlyHostsIfAllowed: apiBaseUrl ? [new URL(apiBaseUrl).hostname] : [],
    });
    if (!response.ok) throw new Error(`Twilio media download failed: HTTP ${response.status}`);
    const filename = filenameOf(response.headers.get('content-disposition'));
    return {
      data: Buffer.from(await response.arrayBuffer()),
      contentType: response.headers.get('content-type')?.split(';')[0].trim() || 'application/octet-stream',
      ...(filename ? { filename } : {}),
    };
  }

  async checkConnection(account: Account): Promise<{ ok: boolean; message?: string }> {
    const { accountSid } = account.config;
    try {
      const found = await this.client(account).api.v2010.accounts(accountSid).fetch();
      return { ok: true, message: `Twilio account "${found.friendlyName}" is ${found.status}` };
    } catch (error) {
      const classified = classifySendError(error);
      return { ok: false, message: `Twilio refused: ${classified.message}${classified.code ? ` (${classified.code})` : ''}` };
    }
  }

  private client(account: Account): twilio.Twilio {
    const { accountSid, authToken, apiBaseUrl } = account.config;
    const key = JSON.stringify([accountSid, authToken, apiBaseUrl ?? TWILIO_DEFAULT_API_BASE_URL]);
    const cached = this.clients.get(account.id);
    if (cached?.key === key) return cached.client;
    const client = twilio(accountSid, authToken, { httpClient: new BaseUrlRequestClient(this.http, apiBaseUrl) });
    this.clients.set(account.id, { key, client });
    return client;
  }
}

/** Twilio fetches MMS media itself, from the public, expiring URL the host gives each attachment. */
function publicMediaUrls(message: OutboundMessage): string[] {
  const urls = message.attachments.map((attachment) => attachment.url);
  if (urls.every((url) => typeof url === 'string' && /^https?:\/\//.test(url))) return urls;
  throw new PermanentSendError('MMS media needs a public URL that Twilio can fetch; this attachment has none', 'media_url_required');
}

/**
 * SDK failure → the host's retry decision. The message is ours, never the remote body's: a server named by
 * `apiBaseUrl` must not be able to write into a message's error (or read itself back through it).
 */
export function classifySendError(error: unknown): RetryableSendError | PermanentSendError {
  if (error instanceof RetryableSendError || error instanceof PermanentSendError) return error;
  if (error instanceof OutboundRequestRefused) return new PermanentSendError(`Twilio API ${error.message}`, error.code);
  const e = (error ?? {}) as { status?: unknown; code?: unknown; retryAfterMs?: unknown; isAxiosError?: unknown };

  if (typeof e.status === 'number') {
    // Twilio's error codes are numbers (https://www.twilio.com/docs/errors/<code>); anything else is not one.
    const twilioCode = typeof e.code === 'number' || (typeof e.code === 'string' && /^\d{1,6}$/.test(e.code)) ? String(e.code) : undefined;
    const code = twilioCode ?? String(e.status);
    const message = twilioCode
      ? `Twilio error ${twilioCode} (HTTP ${e.status}): see https://www.twilio.com/docs/errors/${twilioCode}`
      : `Twilio answered HTTP ${e.status}`;
    const retryAfterMs = typeof e.retryAfterMs === 'number' ? e.retryAfterMs : undefined;
    if (e.status === 429 || e.status >= 500) return new RetryableSendError(message, code, retryAfterMs);
    if (code === '21610') return new PermanentSendError(message, code, true);
    return new PermanentSendError(message, code);
  }
  // No HTTP answer: connection refused or reset, DNS, timeout. Twilio may well accept it later.
  if (typeof e.code === 'string' && /^[A-Za-z_]{1,40}$/.test(e.code)) return new RetryableSendError(`Twilio API unreachable (${e.code})`, e.code);
  if (e.isAxiosError) return new RetryableSendError('Twilio API unreachable', 'network_error');
  // A 2xx that is not Twilio's JSON, or a bug: the text may quote the answer, so it is not kept.
  return new PermanentSendError('Twilio answered with something that is not a Twilio API response', 'unexpected');
}

/** `Retry-After` in seconds or as an HTTP date → milliseconds. */
function parseRetryAfter(value: unknown): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || !text.trim()) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function filenameOf(contentDisposition: string | null): string | undefined {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(contentDisposition ?? '');
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

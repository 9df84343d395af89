import { Inject, Injectable } from '@nestjs/common';
import {
  ChannelProvider,
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

/**
 * The SDK's HTTP client, sending every request to the account's `apiBaseUrl` instead of api.twilio.com
 * (a region, a proxy, or a local double), and keeping `Retry-After` on the errors it causes.
 */
class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(private readonly apiBaseUrl: string | undefined) {
    super({ timeout: 15_000 });
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<TwilioResponse<TData>> {
    const response = await super.request<TData>({ ...opts, uri: withBaseUrl(opts.uri, this.apiBaseUrl) });
    const retryAfterMs = parseRetryAfter(response.headers?.['retry-after']);
    if (response.statusCode >= 400 && retryAfterMs !== undefined) {
      // The SDK's own exception drops the headers: raise it here, with the delay Twilio asked for.
      throw Object.assign(new twilio.RestException(response), { retryAfterMs });
    }
    return response;
  }
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

  /** Fetches an inbound MMS file (a `MediaUrl{i}`) with the account's credentials, following redirects. */
  async downloadMedia(ref: string, account: Account): Promise<{ data: Buffer; contentType: string; filename?: string }> {
    const { accountSid, authToken, apiBaseUrl } = account.config;
    const response = await this.http.fetch(withBaseUrl(ref, apiBaseUrl), {
      method: 'GET',
      redirect: 'follow',
      headers: { authorization: 'Basic ' + Buffer.from(`${accountSid}:${authToken}`).toString('base64') },
      timeoutMs: MEDIA_TIMEOUT_MS,
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
    const client = twilio(accountSid, authToken, { httpClient: new BaseUrlRequestClient(apiBaseUrl) });
    this.clients.set(account.id, { key, client });
    return client;
  }
}

/**
 * Twilio fetches MMS media itself, so each attachment needs a public URL. Outbound attachments carry none
 * yet: until the host can publish one, a message with attachments fails for good instead of silently
 * going out without its pictures.
 */
function publicMediaUrls(message: OutboundMessage): string[] {
  const urls = message.attachments.map((attachment) => (attachment as { url?: unknown }).url);
  if (urls.every((url): url is string => typeof url === 'string' && /^https?:\/\//.test(url))) return urls;
  throw new PermanentSendError('MMS media needs a public URL that Twilio can fetch; this attachment has none', 'media_url_required');
}

/** SDK failure → the host's retry decision. */
export function classifySendError(error: unknown): RetryableSendError | PermanentSendError {
  if (error instanceof RetryableSendError || error instanceof PermanentSendError) return error;
  const e = (error ?? {}) as { status?: unknown; code?: unknown; message?: unknown; retryAfterMs?: unknown; isAxiosError?: unknown };
  const message = typeof e.message === 'string' && e.message ? e.message : String(error);

  if (typeof e.status === 'number') {
    const code = e.code === undefined || e.code === null ? String(e.status) : String(e.code);
    const retryAfterMs = typeof e.retryAfterMs === 'number' ? e.retryAfterMs : undefined;
    if (e.status === 429 || e.status >= 500) return new RetryableSendError(message, code, retryAfterMs);
    if (code === '21610') return new PermanentSendError(message, code, true);
    return new PermanentSendError(message, code);
  }
  // No HTTP answer: connection refused or reset, DNS, timeout. Twilio may well accept it later.
  if (e.isAxiosError || typeof e.code === 'string') {
    return new RetryableSendError(message, typeof e.code === 'string' ? e.code : 'network_error');
  }
  return new PermanentSendError(message, 'unexpected');
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

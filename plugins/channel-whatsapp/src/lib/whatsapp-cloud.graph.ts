import { OutboundRequestRefused, PermanentSendError, RetryableSendError, type PluginFetchInit, type PluginHttpClient } from '@parley/plugin-sdk';
import { WHATSAPP_DEFAULT_API_BASE_URL, WHATSAPP_DEFAULT_API_VERSION, type WhatsAppCloudConfig } from './whatsapp-cloud.config';
import { OUTSIDE_WINDOW_MESSAGE, WHATSAPP_OUTSIDE_WINDOW_CODE } from './whatsapp-cloud.webhook';

/**
 * The Graph API calls of the Cloud API, with Meta's failures sorted into retryable and permanent ones.
 * Reference: https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
 */

/** Throttling and transient errors: the same request may succeed later. */
export const RETRYABLE_GRAPH_CODES = new Set([
  1, // API Unknown
  2, // API Service (temporarily unavailable)
  4, // API Too Many Calls (app rate limit)
  80007, // WhatsApp Business Account rate limit
  130429, // Cloud API throughput reached
  131048, // spam rate limit hit
  131056, // pair rate limit: too many messages to the same number
]);

/** Where Meta serves WhatsApp media: the Graph API and its CDN for the short-lived media URLs. */
export const WHATSAPP_MEDIA_HOSTS: readonly string[] = ['graph.facebook.com', 'lookaside.fbsbx.com'];

const SEND_TIMEOUT_MS = 15_000;
const MEDIA_TIMEOUT_MS = 60_000;

interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_data?: { details?: string };
  fbtrace_id?: string;
}

/** One WhatsApp phone number's slice of the Graph API, for one call. */
export class WhatsappGraphApi {
  private readonly base: string;

  constructor(
    private readonly http: PluginHttpClient,
    private readonly config: WhatsAppCloudConfig,
  ) {
    const baseUrl = (config.apiBaseUrl || WHATSAPP_DEFAULT_API_BASE_URL).replace(/\/+$/, '');
    this.base = `${baseUrl}/${config.apiVersion || WHATSAPP_DEFAULT_API_VERSION}`;
  }

  /** POST /{phoneNumberId}/messages; resolves with the wamid of the accepted message. */
  async sendMessage(payload: Record<string, unknown>): Promise<string> {
    const body = await this.request<{ messages?: { id?: string }[] }>(`${this.base}/${this.config.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', ...payload }),
      timeoutMs: SEND_TIMEOUT_MS,
    });
    const id = body.messages?.[0]?.id;
    if (!id) throw new PermanentSendError('WhatsApp accepted the request but returned no message id', 'invalid_response');
    return id;
  }

  /** POST /{phoneNumberId}/media (multipart); resolves with the media id to send. */
  async uploadMedia(data: Buffer, contentType: string, filename: string): Promise<string> {
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', contentType);
    form.append('file', new Blob([new Uint8Array(data)], { type: contentType }), filename);
    const body = await this.request<{ id?: string }>(`${this.base}/${this.config.phoneNumberId}/media`, {
      method: 'POST',
      body: form,
      timeoutMs: MEDIA_TIMEOUT_MS,
    });
    if (!body.id) throw new PermanentSendError('WhatsApp accepted the upload but returned no media id', 'invalid_response');
    return body.id;
  }

  /** GET /{mediaId} for its short-lived URL, then the bytes behind it (that URL wants the token too). */
  async downloadMedia(mediaId: string): Promise<{ data: Buffer; contentType: string }> {
    const info = await this.request<{ url?: string; mime_type?: string }>(`${this.base}/${encodeURIComponent(mediaId)}`, {
      method: 'GET',
      timeoutMs: SEND_TIMEOUT_MS,
    });
    if (!info.url) throw new PermanentSendError(`WhatsApp returned no URL for media ${mediaId}`, 'invalid_response');
    // The URL comes from the server `apiBaseUrl` names: the bearer token goes only to Meta's media hosts
    // (or that server itself when the operator allows it, a local double).
    const res = await this.fetch(info.url, {
      method: 'GET',
      timeoutMs: MEDIA_TIMEOUT_MS,
      onlyHosts: WHATSAPP_MEDIA_HOSTS,
      onlyHostsIfAllowed: [new URL(this.base).hostname],
    });
    if (!res.ok) throw await graphError(res);
    const data = Buffer.from(await res.arrayBuffer());
    return { data, contentType: info.mime_type || res.headers.get('content-type') || 'application/octet-stream' };
  }

  /** GET /{phoneNumberId}: proves the token can see the number. */
  async phoneNumber(): Promise<{ display_phone_number?: string; verified_name?: string }> {
    return this.request(`${this.base}/${this.config.phoneNumberId}?fields=display_phone_number,verified_name`, {
      method: 'GET',
      timeoutMs: SEND_TIMEOUT_MS,
    });
  }

  private async request<T>(url: string, init: PluginFetchInit & { timeoutMs: number }): Promise<T> {
    const res = await this.fetch(url, init);
    if (!res.ok) throw await graphError(res);
    try {
      return (await res.json()) as T;
    } catch {
      throw new PermanentSendError(`WhatsApp answered HTTP ${res.status} with a body that is not JSON`, 'invalid_response');
    }
  }

  private async fetch(url: string, init: PluginFetchInit & { timeoutMs: number }): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${this.config.accessToken}`);
    try {
      return await this.http.fetch(url, { ...init, headers });
    } catch (err) {
      if (err instanceof OutboundRequestRefused) throw new PermanentSendError(`WhatsApp API ${err.message}`, err.code);
      // Duck-typed: fetch's errors (DOMException, undici's TypeError) may come from another realm.
      const { name, message } = (typeof err === 'object' && err !== null ? err : {}) as { name?: unknown; message?: unknown };
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      const reason = typeof message === 'string' ? message : String(err);
      throw new RetryableSendError(
        timedOut ? `WhatsApp API did not answer within ${init.timeoutMs} ms` : `WhatsApp API unreachable: ${reason}`,
        timedOut ? 'timeout' : 'network',
      );
    }
  }
}

/** A failed Graph response as RetryableSendError (429, 5xx, throttling codes) or PermanentSendError. */
export async function graphError(res: Response): Promise<RetryableSendError | PermanentSendError> {
  let error: GraphErrorBody | undefined;
  try {
    const body = (await res.json()) as { error?: GraphErrorBody };
    error = typeof body?.error === 'object' && body.error !== null ? body.error : undefined;
  } catch {
    error = undefined;
  }
  const graphCode = typeof error?.code === 'number' && Number.isInteger(error.code) ? error.code : undefined;
  const code = String(graphCode ?? res.status);
  // Our words, never the server's: `apiBaseUrl` may name any server, and its text would land in the message's error.
  let message = graphCode !== undefined ? `WhatsApp API error ${code} (HTTP ${res.status})` : `WhatsApp API answered HTTP ${res.status}`;
  if (graphCode === WHATSAPP_OUTSIDE_WINDOW_CODE) message = OUTSIDE_WINDOW_MESSAGE;

  if (res.status === 429 || res.status >= 500 || (graphCode !== undefined && RETRYABLE_GRAPH_CODES.has(graphCode))) {
    return new RetryableSendError(message, code, retryAfterMs(res.headers.get('retry-after')));
  }
  return new PermanentSendError(message, code);
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

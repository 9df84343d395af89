import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';
import { OutboundRequestRefused, PluginHttpClient, type PluginFetchInit } from '@parley/plugin-sdk';
import { addressRange, normalizeHost } from './outbound-hosts';

export { addressRange, normalizeHost, parseAllowedHosts } from './outbound-hosts';

/**
 * The host's outbound HTTP client (issue 12, SSRF). Channel accounts and AI providers name their servers in
 * config, so an admin could name an internal one: every connection is checked against the address it is
 * actually made to (after DNS, in the connector, so a rebinding DNS answer cannot slip past a check done
 * earlier), redirects are followed here one hop at a time and each hop checked again, and credentials never
 * follow a redirect to another origin.
 */

const DEFAULT_TIMEOUT_MS = 15_000;
const CONNECT_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that identify the caller: kept only while the origin stays the same. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** The facade plugins get as PluginHttpClient. */
@Injectable()
export class GuardedHttpClient extends PluginHttpClient implements OnModuleDestroy {
  private readonly allowed: ReadonlySet<string>;
  private readonly agent: Agent;

  constructor(allowedHosts: readonly string[]) {
    super();
    this.allowed = new Set(allowedHosts.map(normalizeHost));
    const connect = buildConnector({ timeout: CONNECT_TIMEOUT_MS, lookup: this.lookup } as buildConnector.BuildOptions);
    this.agent = new Agent({
      connect: (options, callback) => {
        // Node resolves nothing for an address literal (the lookup below is skipped): check it here.
        if (isIP(options.hostname)) {
          try {
            this.assertAllowed(options.hostname, options.hostname);
          } catch (err) {
            return callback(err as Error, null);
          }
        }
        return connect(options, callback);
      },
    });
  }

  /** Whether the operator listed this host (a name or an address) in OUTBOUND_ALLOWED_HOSTS. */
  isListed(host: string): boolean {
    return this.allowed.has(normalizeHost(host));
  }

  async fetch(url: string, init: PluginFetchInit = {}): Promise<Response> {
    const { timeoutMs = DEFAULT_TIMEOUT_MS, onlyHosts, onlyHostsIfAllowed, redirect = 'follow', ...rest } = init;
    // Every provider call gets a deadline, so a hung provider fails into a retry instead of a stuck job.
    const signal = rest.signal ?? AbortSignal.timeout(timeoutMs);
    const headers = new Headers(rest.headers);
    let method = (rest.method ?? 'GET').toUpperCase();
    let body = await this.portable(rest.body, headers);
    let current = this.target(url, onlyHosts, onlyHostsIfAllowed);
    for (let hop = 0; ; hop++) {
      const response = await this.send(current, { ...rest, method, headers, body, signal });
      const location = response.headers.get('location');
      if (redirect === 'manual' || !REDIRECT_STATUSES.has(response.status) || !location) return response;
      await response.body?.cancel().catch(() => undefined);
      if (redirect === 'error') throw new TypeError(`redirect refused: ${current.host} answered ${response.status}`);
      if (hop >= MAX_REDIRECTS) throw new TypeError(`more than ${MAX_REDIRECTS} redirects, starting at ${new URL(url).host}`);
      if (body instanceof ReadableStream && response.status !== 303) throw new TypeError('cannot resend a streamed body to a redirect');
      const next = this.target(new URL(location, current).href, onlyHosts, onlyHostsIfAllowed);
      if (response.status === 303 ? method !== 'HEAD' : (response.status === 301 || response.status === 302) && method === 'POST') {
        method = 'GET';
        body = undefined;
        for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(name);
      }
      if (next.origin !== current.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
      current = next;
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.agent.closed && !this.agent.destroyed) await this.agent.close();
  }

  /**
   * Multipart bodies as bytes: undici's own fetch does not recognise the FormData class of Node's built-in
   * fetch, which plugins use. Serialized once, they can also be sent again to a 307/308 redirect.
   */
  private async portable(body: RequestInit['body'], headers: Headers): Promise<RequestInit['body']> {
    if (!(body instanceof FormData)) return body;
    const encoded = new Response(body);
    headers.set('content-type', encoded.headers.get('content-type') ?? 'multipart/form-data');
    return new Uint8Array(await encoded.arrayBuffer());
  }

  /** The URL of one hop, refused before any connection when its scheme or host cannot be right. */
  private target(url: string, onlyHosts?: readonly string[], onlyHostsIfAllowed?: readonly string[]): URL {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new OutboundRequestRefused('refused: not a URL', '');
    }
    const host = normalizeHost(parsed.hostname);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new OutboundRequestRefused(`refused: ${parsed.protocol} URLs are not fetched`, host);
    if (parsed.username || parsed.password) throw new OutboundRequestRefused('refused: credentials in a URL', host);
    if (onlyHosts) {
      const permitted =
        onlyHosts.some((h) => normalizeHost(h) === host) || (onlyHostsIfAllowed ?? []).some((h) => normalizeHost(h) === host && this.isListed(host));
      if (!permitted) throw new OutboundRequestRefused(`refused: ${host} is not one of the provider's hosts`, host);
    }
    if (isIP(host)) this.assertAllowed(host, host);
    return parsed;
  }

  private async send(url: URL, init: RequestInit): Promise<Response> {
    try {
      const response = await undiciFetch(url, { ...(init as UndiciRequestInit), redirect: 'manual', dispatcher: this.agent });
      return response as unknown as Response;
    } catch (err) {
      // The connector's refusal arrives wrapped in fetch's TypeError: hand the plugin the refusal itself.
      const cause = (err as { cause?: unknown }).cause;
      if (cause instanceof OutboundRequestRefused) throw cause;
      throw err;
    }
  }

  private assertAllowed(host: string, address: string): void {
    if (this.isListed(host) || this.isListed(address)) return;
    const range = addressRange(address);
    if (range === 'unicast') return;
    throw new OutboundRequestRefused(
      `refused: ${normalizeHost(host)} is not a public address (${range}); OUTBOUND_ALLOWED_HOSTS can allow it`,
      normalizeHost(host),
    );
  }

  /** DNS for the connector: every address a name resolves to must be allowed, and the socket uses only those. */
  private readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 4);
      try {
        for (const { address } of addresses) this.assertAllowed(hostname, address);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, '', 4);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

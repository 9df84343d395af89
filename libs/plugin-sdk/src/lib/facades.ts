/**
 * What the host lends a plugin through Nest DI. Plugins inject these abstract classes and never see core
 * internals, so the core can change without breaking plugins.
 */

export interface PluginFetchInit extends RequestInit {
  /** Deadline of the whole exchange, redirects included (default 15 s). */
  timeoutMs?: number;
  /**
   * Keeps the request and every redirect on these hosts (exact names): a provider's own media hosts, for
   * URLs that arrive in webhooks. Anything else is refused with OutboundRequestRefused.
   */
  onlyHosts?: readonly string[];
  /** Hosts that also pass `onlyHosts`, but only when the operator lists them in OUTBOUND_ALLOWED_HOSTS (a local test double). */
  onlyHostsIfAllowed?: readonly string[];
}

/**
 * The one way a plugin reaches the network. Every provider URL comes from config (`apiBaseUrl`), so the host
 * checks each connection: loopback, private, link-local and metadata addresses are refused (after DNS, at
 * connect time, and again on every redirect) unless OUTBOUND_ALLOWED_HOSTS lists the host; redirects are
 * followed by the host, dropping credentials when the origin changes; every call gets a deadline.
 */
export abstract class PluginHttpClient {
  abstract fetch(url: string, init?: PluginFetchInit): Promise<Response>;
}

/** The host refused to connect (an internal address, a host outside `onlyHosts`, another scheme). Never worth a retry. */
export class OutboundRequestRefused extends Error {
  override readonly name = 'OutboundRequestRefused';
  readonly code = 'outbound_refused';
  constructor(
    message: string,
    /** The host that was refused. */
    readonly host: string,
  ) {
    super(message);
  }
}

export abstract class PluginClock {
  abstract now(): Date;
}

/** Bytes of a stored attachment, for plugins that must upload media to their provider. */
export abstract class PluginFileStore {
  abstract read(attachmentId: string): Promise<Buffer>;
}

export abstract class PluginLoggerFactory {
  abstract forPlugin(pluginId: string): PluginLogger;
}

export interface PluginLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

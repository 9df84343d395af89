/**
 * What the host lends a plugin through Nest DI. Plugins inject these abstract classes and never see core
 * internals, so the core can change without breaking plugins.
 */

/** Outbound HTTP with the host's timeouts; every provider URL comes from config (`apiBaseUrl`). */
export abstract class PluginHttpClient {
  abstract fetch(url: string, init?: RequestInit & { timeoutMs?: number }): Promise<Response>;
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

import type { ChannelKind } from '@parley/contracts';

export type ConfigClass<T = object> = new () => T;

/** What a channel can do; the core enforces these for every sender. */
export interface ChannelCapabilities {
  /** Hours after the contact's last inbound during which free-form messages are allowed (WhatsApp: 24). */
  messagingWindowHours?: number;
  templates?: boolean;
  attachments?: { maxBytes: number; mimeTypes: string[] };
  html?: boolean;
  subject?: boolean;
}

/**
 * A channel plugin as the host sees it. The webhook, parsing and sending methods of this contract
 * arrive with the ingest/delivery pipeline; a plugin is registered by id and validated config.
 */
export interface ChannelPlugin<TConfig extends object = object> {
  readonly id: string;
  readonly channel: ChannelKind;
  readonly displayName: string;
  /** class-validator decorated; fields marked with @Secret() are write-only. */
  readonly configClass: ConfigClass<TConfig>;
  readonly capabilities: ChannelCapabilities;
}

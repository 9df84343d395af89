import { DiscoveryService } from '@nestjs/core';
import type { ChannelKind } from '@parley/contracts';
import type { InboundEvent } from './events';
import type { OutboundMessage, SendResult } from './outbound';
import type { RawWebhookRequest, WebhookResponse } from './webhook';
import type { ChannelListener, ChannelListenerHost } from './listener';

export type ConfigClass<T = object> = new () => T;

/** What a channel can do; the host enforces these for every sender. */
export interface ChannelCapabilities {
  /** Hours after the contact's last inbound during which free-form messages are allowed (WhatsApp: 24). */
  messagingWindowHours?: number;
  templates?: boolean;
  attachments?: { maxBytes: number; mimeTypes: string[] };
  html?: boolean;
  subject?: boolean;
}

/** The channel account a call concerns, with its decrypted, validated config. */
export interface ChannelAccountContext<TConfig extends object = object> {
  id: string;
  workspaceId: string;
  name: string;
  /** The exact URL configured at the provider; signatures are computed over it. */
  webhookUrl: string;
  config: TConfig;
}

/**
 * A channel plugin. The host owns the webhook route and calls, in order: `handshake` (GET challenges),
 * `verifyWebhook` (mandatory, on the raw bytes, timing-safe), `parseWebhook`, then commits the events
 * in one transaction before answering with `webhookResponse`.
 */
export interface ChannelPlugin<TConfig extends object = object> {
  readonly id: string;
  readonly channel: ChannelKind;
  readonly displayName: string;
  /** class-validator decorated; fields marked with @Secret() are write-only. */
  readonly configClass: ConfigClass<TConfig>;
  readonly capabilities: ChannelCapabilities;

  /** Answers a provider's verification handshake (Meta's GET); null when the request is not one. */
  handshake?(req: RawWebhookRequest, account: ChannelAccountContext<TConfig>): WebhookResponse | null;
  verifyWebhook(req: RawWebhookRequest, account: ChannelAccountContext<TConfig>): boolean | Promise<boolean>;
  parseWebhook(req: RawWebhookRequest, account: ChannelAccountContext<TConfig>): InboundEvent[] | Promise<InboundEvent[]>;
  /** The 2xx body the provider expects (Twilio: empty TwiML). Default: 200 `{"received":true}`. */
  webhookResponse?(events: InboundEvent[], account: ChannelAccountContext<TConfig>): WebhookResponse;
  /** Resolves with the provider's message id, or throws RetryableSendError / PermanentSendError. */
  send(message: OutboundMessage, account: ChannelAccountContext<TConfig>): Promise<SendResult>;
  /** Fetches a file announced by an inbound message (`InboundAttachment.ref`). */
  downloadMedia?(ref: string, account: ChannelAccountContext<TConfig>): Promise<{ data: Buffer; contentType: string; filename?: string }>;
  checkConnection?(account: ChannelAccountContext<TConfig>): Promise<{ ok: boolean; message?: string }>;
  /** Intake the provider does not push by webhook (the SMTP server, IMAP mailboxes): started and stopped by the host. */
  listener?(host: ChannelListenerHost): ChannelListener;
}

/** Marks a provider as a channel plugin; the host finds every one at start-up through Nest's DiscoveryService. */
export const ChannelProvider = DiscoveryService.createDecorator<{ id: string }>();

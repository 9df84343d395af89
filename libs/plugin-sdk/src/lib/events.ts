import type { DeliveryStatus } from '@parley/contracts';

/** A file the provider holds; the host stores it through `ChannelPlugin.downloadMedia(ref)`. */
export interface InboundAttachment {
  /** Opaque to the host: a media URL, a media id. */
  ref: string;
  contentType?: string;
  filename?: string;
}

export interface InboundMessageEvent {
  kind: 'message';
  /** The provider's id for this message: the dedupe key (unique per channel account). */
  providerMessageId: string;
  from: { address: string; name?: string };
  body?: string;
  html?: string;
  subject?: string;
  attachments?: InboundAttachment[];
  /** Structured extras: a shared location, the id of a tapped button, Twilio's HELP keyword. */
  metadata?: Record<string, unknown>;
  occurredAt?: Date;
  /** Sent by a machine (out-of-office, auto-responder): recorded, never answered by the assistant. */
  autoReply?: boolean;
}

export type ProviderDeliveryStatus = Exclude<DeliveryStatus, 'received'>;

export interface DeliveryStatusEvent {
  kind: 'status';
  providerMessageId: string;
  status: ProviderDeliveryStatus;
  error?: { code?: string; message: string };
  occurredAt?: Date;
}

/** The contact withdrew (opt_out) or gave back (opt_in) consent on this channel. */
export interface ConsentEvent {
  kind: 'opt_out' | 'opt_in';
  address: string;
  keyword?: string;
}

export interface IgnoredEvent {
  kind: 'ignored';
  reason: string;
}

export type InboundEvent = InboundMessageEvent | DeliveryStatusEvent | ConsentEvent | IgnoredEvent;

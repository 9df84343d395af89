import type { DeliveryStatus } from '@parley/contracts';

/** A file the provider holds; the host stores it through `ChannelPlugin.downloadMedia(ref)`. */
export interface InboundAttachment {
  /** Opaque to the host: a media URL, a media id (with `content`: any stable name of the part). */
  ref: string;
  contentType?: string;
  filename?: string;
  /** The bytes, when the message carries them (an email's parts): stored with the message, nothing to download. */
  content?: Buffer;
  /** `Content-ID` of an inline part, without angle brackets: the host serves `cid:` references in `html` from it. */
  contentId?: string;
}

/**
 * Email threading: what an inbound message answers. The host looks for the conversation of this channel
 * account in this order: a message whose provider id (our Message-ID, or the customer's) is in `inReplyTo`,
 * then in `references` (newest first), then the conversation whose reference is `token` (our Reply-To
 * plus-address), then `tag` (our `[#ABC123]` subject tag). With `thread` set and no match, the message
 * starts a new conversation (a new email thread) instead of joining the contact's latest one.
 */
export interface ThreadHints {
  inReplyTo?: string[];
  references?: string[];
  token?: string;
  tag?: string;
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
  /** Sent by a machine (out-of-office, auto-responder, a list, a bounce): recorded, never answered by the assistant. */
  autoReply?: boolean;
  /** Email: see ThreadHints. */
  thread?: ThreadHints;
  /** Email: the other recipients (To besides the account, and Cc), kept on the message. */
  cc?: { address: string; name?: string }[];
}

export type ProviderDeliveryStatus = Exclude<DeliveryStatus, 'received'>;

export interface DeliveryStatusEvent {
  kind: 'status';
  providerMessageId: string;
  status: ProviderDeliveryStatus;
  error?: { code?: string; message: string };
  occurredAt?: Date;
  /** A permanent bounce (DSN 5.x.x): the address takes no more messages, recorded on the contact. */
  hardBounce?: boolean;
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

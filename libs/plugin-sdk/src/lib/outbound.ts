export interface OutboundAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  read(): Promise<Buffer>;
  /**
   * Where the provider can fetch the file itself (Twilio MMS `MediaUrl`): a public URL under PUBLIC_URL,
   * signed, unguessable and valid for a limited time (PUBLIC_MEDIA_URL_TTL_SECONDS).
   */
  url: string;
}

/** A message for the plugin to hand to its provider. */
export interface OutboundMessage {
  /** Parley's message id: stable across retries of the same send. */
  id: string;
  /** The contact's address on this channel (phone number, email address, …). */
  to: string;
  body?: string;
  html?: string;
  subject?: string;
  /** An approved template, with its `{{n}}` parameters in order. */
  template?: { name: string; language: string; params: string[] };
  attachments: OutboundAttachment[];
  /** Where the provider should post delivery statuses (the account's webhook URL). */
  statusCallbackUrl: string;
  /** Who wrote it: the operator's name, or the assistant's; email shows it as the From display name. */
  senderName?: string;
  /** The assistant sent it on its own (not an approved draft): email marks it `Auto-Submitted: auto-replied`. */
  automatic?: boolean;
  /**
   * Email threading: the conversation's `reference` (for the Reply-To plus-address token and the subject tag
   * `[#reference]`) and the provider ids of its earlier messages, oldest first (In-Reply-To: the last;
   * References: all, at most the last 20).
   */
  thread?: { reference: string; previous: string[] };
}

export interface SendResult {
  providerMessageId: string;
}

/** The provider may accept it later (timeouts, 429, 5xx): the host retries with exponential backoff. */
export class RetryableSendError extends Error {
  override readonly name = 'RetryableSendError';
  constructor(
    message: string,
    readonly code?: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The provider refused for good: the message is marked failed with the provider's code and text. */
export class PermanentSendError extends Error {
  override readonly name = 'PermanentSendError';
  constructor(
    message: string,
    readonly code?: string,
    /** The provider says the recipient opted out (Twilio 21610): the host records the opt-out. */
    readonly optedOut = false,
  ) {
    super(message);
  }
}

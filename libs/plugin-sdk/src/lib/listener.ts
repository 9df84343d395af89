import type { ChannelAccountContext } from './channel-plugin';
import type { InboundEvent } from './events';

/** A plugin's long-running intake: an SMTP server, a connection to a mailbox. Started by the host in API processes. */
export interface ChannelListener {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What admins see of an account's intake (`GET /channel-accounts/:id` → `listener`). */
export interface ListenerStatus {
  state: 'connecting' | 'connected' | 'error';
  /** Why, in words, when `error` (e.g. "IMAP login refused: invalid credentials"). */
  message?: string;
}

/** Host settings a listener needs (from the server's environment). */
export interface ListenerSettings {
  /** Port of the built-in SMTP server (SMTP_PORT, default 2525). */
  smtpPort: number;
  /** PEM key and certificate for STARTTLS, when configured. */
  tls?: { key: string; cert: string };
  /** Largest message accepted, in bytes (SMTP answers 552 above it). */
  maxMessageBytes: number;
}

/**
 * What the host gives a listener. Every call is about accounts of the listener's own plugin; a listener
 * reaches no other workspace data.
 */
export abstract class ChannelListenerHost {
  abstract readonly settings: ListenerSettings;
  /** The plugin's active accounts, every workspace's, with their decrypted config. */
  abstract accounts(pluginId: string): Promise<ChannelAccountContext[]>;
  /** Called after one of the plugin's accounts is created, edited or deleted; returns the unsubscribe. */
  abstract onAccountsChanged(pluginId: string, listener: () => void): () => void;
  /**
   * Commits the events as a webhook's are (deduped by provider id) and resolves once they are committed;
   * rejects when they were not, so the sender is told to retry (SMTP 451) and nothing is lost.
   */
  abstract ingest(accountId: string, events: InboundEvent[]): Promise<void>;
  abstract setStatus(accountId: string, status: ListenerStatus): Promise<void>;
  /** A durable value per account and key (IMAP: `uidvalidity:uid` of the last mail taken). */
  abstract getCursor(accountId: string, key: string): Promise<string | null>;
  abstract setCursor(accountId: string, key: string, value: string): Promise<void>;
}

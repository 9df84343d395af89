import { Entity, Enum, Index, Property } from '@mikro-orm/core';
import { CHANNEL_KINDS, type ChannelKind } from '@parley/contracts';
import { WorkspaceScopedEntity } from '../database/scoped.entity';

/** One configured instance of a channel plugin: a Twilio number, a WhatsApp phone-number id, a mailbox. */
@Entity({ tableName: 'channel_account' })
@Index({ properties: ['workspace', 'createdAt'] })
export class ChannelAccount extends WorkspaceScopedEntity {
  @Property({ type: 'text' })
  plugin: string;

  @Enum({ items: () => [...CHANNEL_KINDS], nativeEnumName: 'channel_kind' })
  channel: ChannelKind;

  @Property({ type: 'text' })
  name: string;

  /** Non-secret configuration, returned by the API. */
  @Property({ type: 'jsonb', default: '{}' })
  config: Record<string, unknown> = {};

  /** Secret configuration fields, AES-256-GCM encrypted (see secret-box.ts). Never returned. */
  @Property({ type: 'text', nullable: true, hidden: true })
  secrets: string | null = null;

  @Property({ type: 'boolean', default: true })
  active = true;

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  /** The plugin's intake (an IMAP connection): `connecting`, `connected` or `error`; null for webhook-only accounts. */
  @Property({ type: 'text', nullable: true })
  listenerState: 'connecting' | 'connected' | 'error' | null = null;

  @Property({ type: 'text', nullable: true })
  listenerMessage: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  listenerUpdatedAt: Date | null = null;

  /** The listener's durable positions (IMAP: `uidvalidity:uid` of the last mail taken), by key. */
  @Property({ type: 'jsonb', default: '{}', hidden: true })
  listenerCursors: Record<string, string> = {};
}

import { Entity, Index, Property } from '@mikro-orm/core';
import type { ChannelKind } from '@parley/contracts';
import { WorkspaceScopedEntity } from '../database/scoped.entity';

/**
 * Everything the contact search (`q`) matches on, lower-cased without accents (parley_fold: `garcia`
 * finds "García"; a pattern goes through it too), with the phone also as bare digits.
 */
export const CONTACT_SEARCH_EXPRESSION =
  "parley_fold(coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || " +
  "regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'))";

@Entity({ tableName: 'contact' })
@Index({ properties: ['workspace', 'createdAt'] })
@Index({
  name: 'contact_search_trgm_idx',
  expression: 'create index "contact_search_trgm_idx" on "contact" using gin ("search_text" gin_trgm_ops)',
})
export class Contact extends WorkspaceScopedEntity {
  @Property({ type: 'text', nullable: true })
  name: string | null = null;

  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Property({ type: 'text', nullable: true })
  phone: string | null = null;

  @Property({ type: 'text', nullable: true })
  company: string | null = null;

  @Property({ type: 'text', nullable: true })
  externalId: string | null = null;

  /** Browser, timezone, referrer and anything else a channel learns. */
  @Property({ type: 'jsonb', default: '{}' })
  metadata: Record<string, unknown> = {};

  @Property({ type: 'boolean', default: false })
  aiPaused = false;

  @Property({ type: 'text', nullable: true })
  aiPauseReason: string | null = null;

  @Property({ type: 'boolean', default: false })
  blocked = false;

  @Property({ type: 'text[]', default: '{}' })
  optedOutChannels: ChannelKind[] = [];

  @Property({ type: 'text', generated: `(${CONTACT_SEARCH_EXPRESSION}) stored`, hidden: true, lazy: true })
  searchText?: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

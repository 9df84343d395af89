import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '../database/base.entity';

/**
 * A one-time link to create the first admin of a server started without the demo. Only its SHA-256
 * is stored: the token itself is printed once, in the server's output. All go when the first admin exists.
 */
@Entity({ tableName: 'setup_token' })
export class SetupToken extends BaseEntity {
  @Property({ type: 'text', unique: 'setup_token_token_hash_unique' })
  tokenHash: string;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;
}

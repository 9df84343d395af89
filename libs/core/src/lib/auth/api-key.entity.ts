import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { WorkspaceScopedEntity } from '../database/scoped.entity';
import { User } from './user.entity';

/** Integration credential. Only a SHA-256 of the high-entropy key is stored; the key is shown once. */
@Entity({ tableName: 'api_key' })
@Index({ properties: ['workspace', 'createdAt'] })
export class ApiKey extends WorkspaceScopedEntity {
  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text' })
  prefix: string;

  @Property({ type: 'text', hidden: true })
  @Unique()
  keyHash: string;

  @ManyToOne(() => User, { mapToPk: true, nullable: true, deleteRule: 'set null' })
  createdBy: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;
}

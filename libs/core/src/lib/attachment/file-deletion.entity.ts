import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A stored file whose attachment row is gone and whose bytes are still to be removed. Written by a
 * trigger on `attachment` in the transaction that deletes the row (a conversation, contact, channel
 * account or workspace going by cascade, an unattached upload swept), so no path can forget it; the
 * committing process removes the file and the row right after, and `FileDeletionService`'s sweep
 * retries whatever a crash or a failed unlink left.
 */
@Entity({ tableName: 'file_deletion' })
export class FileDeletion {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id: string;

  @Property({ type: 'text', unique: 'file_deletion_storage_key_unique' })
  storageKey: string;

  /** Not a foreign key: the workspace itself may be what was deleted. */
  @Property({ type: 'uuid' })
  workspaceId: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  /** Failed unlinks so far, and the last error: visible to whoever looks at a row that stays. */
  @Property({ type: 'integer', default: 0 })
  attempts = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;
}

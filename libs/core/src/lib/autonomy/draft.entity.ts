import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { DRAFT_STATUSES, RISK_LEVELS, type DraftStatus, type RiskLevel } from '@parley/contracts';
import { WorkspaceScopedEntity } from '../database/scoped.entity';
import { Conversation } from '../conversation/conversation.entity';
import { User } from '../auth/user.entity';

/** An AI reply held for a human's approval. */
@Entity({ tableName: 'draft' })
@Index({ properties: ['workspace', 'status', 'createdAt'] })
@Index({ properties: ['conversation', 'status'] })
// Reports: the drafts a workspace created in a time range, whatever their status.
@Index({
  name: 'draft_created_idx',
  expression: 'create index "draft_created_idx" on "draft" ("workspace_id", "created_at")',
})
export class Draft extends WorkspaceScopedEntity {
  @ManyToOne(() => Conversation, { mapToPk: true, deleteRule: 'cascade', index: false })
  conversation: string;

  @Property({ type: 'text' })
  body: string;

  @Property({ type: 'text', nullable: true })
  intent: string | null = null;

  @Enum({ items: () => [...RISK_LEVELS], nativeEnumName: 'risk_level', default: 'low' })
  risk: RiskLevel = 'low';

  @Property({ type: 'text', nullable: true })
  reason: string | null = null;

  @Enum({ items: () => [...DRAFT_STATUSES], nativeEnumName: 'draft_status', default: 'pending' })
  status: DraftStatus = 'pending';

  @ManyToOne(() => User, { mapToPk: true, nullable: true, deleteRule: 'set null' })
  decidedBy: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  decisionNote: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  messageId: string | null = null;

  /** The text sent on approval: the operator's edit, or `body` unchanged. */
  @Property({ type: 'text', nullable: true })
  sentBody: string | null = null;
}

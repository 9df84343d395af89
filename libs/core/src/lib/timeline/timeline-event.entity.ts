import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { AUTHOR_KINDS, type AuthorKind } from '@parley/contracts';
import { WorkspaceScopedEntity } from '../database/scoped.entity';
import { Conversation } from '../conversation/conversation.entity';

@Entity({ tableName: 'timeline_event' })
@Index({ properties: ['conversation', 'createdAt', 'id'] })
// Reports: escalations and status changes of a workspace over time. Partial, so other entries cost no extra write.
@Index({
  name: 'timeline_event_report_idx',
  expression: `create index "timeline_event_report_idx" on "timeline_event" ("workspace_id", "type", "created_at") where "type" in ('escalated', 'status.changed')`,
})
export class TimelineEvent extends WorkspaceScopedEntity {
  @ManyToOne(() => Conversation, { mapToPk: true, deleteRule: 'cascade', index: false })
  conversation: string;

  @Property({ type: 'text' })
  type: string;

  @Enum({ items: () => [...AUTHOR_KINDS], nativeEnumName: 'author_kind' })
  actorKind: AuthorKind;

  @Property({ type: 'uuid', nullable: true })
  actorId: string | null = null;

  @Property({ type: 'text', nullable: true })
  actorName: string | null = null;

  @Property({ type: 'jsonb', default: '{}' })
  data: Record<string, unknown> = {};
}

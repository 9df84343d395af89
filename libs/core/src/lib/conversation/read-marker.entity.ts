import { Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Workspace } from '../workspace/workspace.entity';
import { User } from '../auth/user.entity';
import { Conversation } from './conversation.entity';

/** Unread is per operator: a conversation is unread when its last inbound is newer than the marker. */
@Entity({ tableName: 'read_marker' })
@Index({ name: 'read_marker_conversation_idx', properties: ['conversation'] })
export class ReadMarker {
  @ManyToOne(() => User, { mapToPk: true, primary: true, deleteRule: 'cascade' })
  user: string;

  @ManyToOne(() => Conversation, { mapToPk: true, primary: true, deleteRule: 'cascade' })
  conversation: string;

  @ManyToOne(() => Workspace, { mapToPk: true, deleteRule: 'cascade', index: false })
  workspace: string;

  @Property({ type: 'timestamptz', nullable: true })
  readAt: Date | null = null;

  /** Set by "mark as unread"; cleared by the next read. */
  @Property({ type: 'boolean', default: false })
  markedUnread = false;
}

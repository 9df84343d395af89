import { Entity, OneToOne, Property } from '@mikro-orm/core';
import { Conversation } from './conversation.entity';

/**
 * Every word of a conversation's messages (a stripped tsvector kept by triggers on `message`, see the
 * migration), or null when unknown: the list's `q` walk tests it before probing the messages. Written
 * and read only in SQL.
 */
@Entity({ tableName: 'conversation_search' })
export class ConversationSearch {
  @OneToOne(() => Conversation, { primary: true, mapToPk: true, deleteRule: 'cascade', updateRule: 'cascade', owner: true })
  conversation: string;

  @Property({ type: 'tsvector', nullable: true })
  document: string | null;
}

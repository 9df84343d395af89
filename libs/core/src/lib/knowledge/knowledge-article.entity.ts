import { Entity, Index, Property } from '@mikro-orm/core';
import { WorkspaceScopedEntity } from '../database/scoped.entity';

/** Title weighs more than body. Written as PostgreSQL prints it back, so the schema diff sees no change. */
export const ARTICLE_SEARCH_EXPRESSION =
  "setweight(to_tsvector('english'::regconfig, COALESCE(title, ''::text)), 'A'::\"char\") || " +
  "setweight(to_tsvector('english'::regconfig, COALESCE(body, ''::text)), 'B'::\"char\")";

/** What the built-in assistant answers from. */
@Entity({ tableName: 'knowledge_article' })
@Index({ properties: ['workspace', 'createdAt'] })
@Index({
  name: 'knowledge_article_search_idx',
  expression: 'create index "knowledge_article_search_idx" on "knowledge_article" using gin ("search_vector")',
})
export class KnowledgeArticle extends WorkspaceScopedEntity {
  @Property({ type: 'text' })
  title: string;

  @Property({ type: 'text' })
  body: string;

  @Property({ type: 'text[]', default: '{}' })
  tags: string[] = [];

  @Property({ type: 'boolean', default: true })
  published = true;

  @Property({ type: 'tsvector', generated: `(${ARTICLE_SEARCH_EXPRESSION}) stored`, hidden: true, lazy: true })
  searchVector?: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

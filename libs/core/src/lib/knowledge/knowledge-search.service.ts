import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { KnowledgeSnippet } from '@parley/plugin-sdk';

/**
 * Ranks a workspace's published articles for a question: PostgreSQL full-text first (title weighs
 * more than body), trigram similarity on the title when full-text finds nothing (typos, short asks).
 */
@Injectable()
export class KnowledgeSearchService {
  constructor(private readonly em: EntityManager) {}

  async search(workspaceId: string, question: string, limit = 3): Promise<KnowledgeSnippet[]> {
    const text = question.trim().slice(0, 500);
    if (!text) return [];
    const conn = this.em.getConnection();
    // websearch_to_tsquery ANDs the words; for a chatty question, OR them so any matching term ranks.
    const ranked: KnowledgeSnippet[] = await conn.execute(
      `with q as (select replace(plainto_tsquery('english', ?)::text, '&', '|')::tsquery as query)
       select a.id, a.title, a.body, ts_rank(a.search_vector, q.query)::float as score
         from knowledge_article a, q
        where a.workspace_id = ? and a.published and a.search_vector @@ q.query
        order by score desc, a.created_at desc
        limit ?`,
      [text, workspaceId, limit],
    );
    if (ranked.length) return ranked.map((r) => ({ ...r, score: Number(r.score) }));
    const similar: KnowledgeSnippet[] = await conn.execute(
      `select id, title, body, similarity(title, ?)::float as score from knowledge_article
        where workspace_id = ? and published and similarity(title, ?) > 0.2
        order by score desc limit ?`,
      [text, workspaceId, text, limit],
    );
    return similar.map((r) => ({ ...r, score: Number(r.score) }));
  }
}

import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { KnowledgeGapView } from '@parley/contracts';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { KnowledgeGapQueryDto, type DateRangeQueryDto } from './report-query.dto';

const DAY_MS = 86_400_000;

/** `from`/`to` of a report, defaulting to the last 30 days; a reversed range is a 400. */
export function rangeOf(q: DateRangeQueryDto): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY_MS);
  if (from >= to) throw new BadRequestException({ message: 'from must be before to', details: [{ field: 'from', errors: ['from must be before to'] }] });
  return { from, to };
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly em: EntityManager) {}

  /** Questions the assistant could not answer, grouped by topic, most asked first: the articles to write next. */
  @Get('knowledge-gaps')
  async knowledgeGaps(@CurrentPrincipal() p: Principal, @Query() q: KnowledgeGapQueryDto): Promise<{ items: KnowledgeGapView[]; from: string; to: string }> {
    const { from, to } = rangeOf(q);
    const rows: { topic: string; question: string; count: string; last_asked_at: Date; conversation_ids: string[] }[] = await this.em.getConnection().execute(
      `select topic, (array_agg(question order by created_at desc))[1] as question, count(*) as count, max(created_at) as last_asked_at,
              (array_agg(conversation_id order by created_at desc))[1:25] as conversation_ids
         from knowledge_gap
        where workspace_id = ? and created_at >= ? and created_at < ?
        group by topic
        order by count(*) desc, max(created_at) desc
        limit ?`,
      [p.workspaceId, from, to, q.limit],
    );
    return {
      items: rows.map((r) => ({ topic: r.topic, question: r.question, count: Number(r.count), lastAskedAt: new Date(r.last_asked_at).toISOString(), conversationIds: [...new Set(r.conversation_ids)].slice(0, 5) })),
      from: from.toISOString(),
      to: to.toISOString(),
    };
  }
}

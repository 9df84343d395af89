import { Injectable } from '@nestjs/common';
import { MikroORM, LockMode } from '@mikro-orm/postgresql';
import { scopeToWorkspace } from '../database/workspace-filter';
import { OutboxService } from '../outbox/outbox.service';
import { TimelineService } from '../timeline/timeline.service';
import { SYSTEM } from '../timeline/actor';
import { Conversation } from './conversation.entity';
import type { SlaCheckJob } from '../outbox/jobs';

/**
 * Runs when an escalation's SLA is due: if the customer is still waiting for a human, the conversation
 * is flagged (priority 1, sorted first under requiresAction) and operators get a realtime alert.
 */
@Injectable()
export class EscalationSlaService {
  constructor(
    private readonly orm: MikroORM,
    private readonly timeline: TimelineService,
    private readonly outbox: OutboxService,
  ) {}

  async check(job: SlaCheckJob): Promise<{ breached: boolean; reason: string }> {
    const em = this.orm.em.fork();
    scopeToWorkspace(em, job.workspaceId);
    return em.transactional(async (tx) => {
      const c = await tx.findOne(Conversation, job.conversationId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!c || c.status !== 'human_handling' || c.escalatedAt?.toISOString() !== job.escalatedAt)
        return { breached: false, reason: 'no longer this escalation' };
      if (c.replyState !== 'awaiting_reply') return { breached: false, reason: 'a human answered' };
      if (c.priority > 0) return { breached: false, reason: 'already flagged' };
      c.priority = 1;
      c.slaBreachedAt = new Date();
      const waitingMinutes = Math.round((c.slaBreachedAt.getTime() - c.escalatedAt.getTime()) / 60_000);
      this.timeline.record(tx, c, 'sla.breached', SYSTEM, { waitingMinutes, escalationReason: c.escalationReason });
      this.outbox.event(tx, c.workspace, 'alert.created', {
        kind: 'escalation_sla',
        conversationId: c.id,
        escalationReason: c.escalationReason,
        escalatedAt: job.escalatedAt,
        waitingMinutes,
      });
      this.outbox.event(tx, c.workspace, 'conversation.updated', { id: c.id });
      return { breached: true, reason: `waiting ${waitingMinutes} min` };
    });
  }
}

import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, type Job } from 'bullmq';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { QUEUES } from '../outbox/queues';
import { EscalationSlaService } from '../conversation/escalation-sla.service';
import { AssistantTurnService } from './assistant-turn.service';
import { FollowUpService } from './follow-up.service';
import type { FollowUpJob, SlaCheckJob, TurnJob } from '../outbox/jobs';
import { ConversationLease } from './conversation-lease';

const BUSY_RETRY_MS = 300;

/**
 * The `assistant` queue: turns, follow-ups and SLA checks. Concurrency is bounded per process
 * (ASSISTANT_CONCURRENCY); turns of one conversation never overlap: a turn that finds its conversation
 * leased to another waits for it without spending an attempt.
 */
@Processor(QUEUES.assistant)
export class AssistantProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly turns: AssistantTurnService,
    private readonly followUps: FollowUpService,
    private readonly sla: EscalationSlaService,
    private readonly lease: ConversationLease,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.assistantConcurrency;
  }

  async process(job: Job, token?: string): Promise<unknown> {
    switch (job.name) {
      case 'turn':
        return this.turn(job as Job<TurnJob>, token);
      case 'follow-up':
        return this.followUps.run(job.data as FollowUpJob);
      case 'sla-check':
        return this.sla.check(job.data as SlaCheckJob);
      default:
        return { kind: 'skipped', reason: `unknown job ${job.name}` };
    }
  }

  private async turn(job: Job<TurnJob>, token?: string): Promise<unknown> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.lease.withLease(job.data.conversationId, () => this.turns.run(job.data, { lastAttempt }));
    if (outcome.busy) {
      await job.moveToDelayed(Date.now() + BUSY_RETRY_MS, token);
      throw new DelayedError();
    }
    return outcome.result;
  }
}

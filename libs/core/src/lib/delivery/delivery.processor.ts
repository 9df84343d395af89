import { Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { QUEUES } from '../outbox/queues';
import { DeliveryService } from './delivery.service';
import type { SendJob } from '../outbox/jobs';

/** Consumes the delivery queue: retries (exponential backoff) only what the provider may still accept. */
@Processor(QUEUES.delivery, { concurrency: 20 })
export class DeliveryProcessor extends WorkerHost {
  constructor(private readonly delivery: DeliveryService) {
    super();
  }

  async process(job: Job<SendJob>, token?: string): Promise<unknown> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.delivery.deliver(job.data.workspaceId, job.data.messageId, { lastAttempt, acceptedProviderId: job.data.acceptedProviderId });
    switch (outcome.kind) {
      case 'delay':
        // The account's send rate is used up: wait without spending an attempt.
        await job.moveToDelayed(Date.now() + outcome.ms, token);
        throw new DelayedError();
      case 'retry':
        throw outcome.error;
      case 'unrecorded':
        // Kept with the job, so its next attempt records this id instead of sending again.
        await job.updateData({ ...job.data, acceptedProviderId: outcome.providerMessageId });
        throw outcome.error;
      case 'failed':
        // Permanent: no retry; the failed job stays listed as a dead letter an admin may retry.
        throw new UnrecoverableError(`${outcome.code ?? 'failed'}: ${outcome.message}`);
      default:
        return outcome;
    }
  }
}

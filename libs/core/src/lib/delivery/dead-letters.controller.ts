import { Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Job, Queue } from 'bullmq';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { Message } from '../message/message.entity';
import { QUEUES } from '../outbox/queues';
import type { SendJob } from '../outbox/jobs';

/** Sends that failed for good or ran out of retries, for an admin to inspect and retry. */
@ApiTags('dead-letters')
@ApiBearerAuth()
@Roles('admin')
@Controller('dead-letters')
export class DeadLettersController {
  constructor(
    @InjectQueue(QUEUES.delivery) private readonly delivery: Queue<SendJob>,
    private readonly em: EntityManager,
  ) {}

  @Get()
  async list(@CurrentPrincipal() p: Principal) {
    const jobs = (await this.delivery.getFailed(0, 999)).filter((j) => j.data?.workspaceId === p.workspaceId);
    const messages = new Map((await this.em.find(Message, { id: { $in: jobs.map((j) => j.data.messageId) } })).map((m) => [m.id, m]));
    return {
      items: jobs.map((job) => {
        const m = messages.get(job.data.messageId);
        return {
          id: job.id,
          messageId: job.data.messageId,
          conversationId: m?.conversation ?? null,
          channelAccountId: m?.channelAccount ?? null,
          error: m?.errorCode || m?.errorMessage ? { code: m.errorCode, message: m.errorMessage } : { code: null, message: job.failedReason },
          attempts: job.attemptsMade,
          failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
        };
      }),
      nextCursor: null,
    };
  }

  /** Puts the message back in the queue; it is sent again even if an interrupted attempt left it uncertain. */
  @Post(':id/retry')
  @HttpCode(202)
  async retry(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    const job: Job<SendJob> | undefined = await this.delivery.getJob(id);
    if (!job || job.data?.workspaceId !== p.workspaceId || !(await job.isFailed())) throw new NotFoundException('No dead letter with this id');
    const reset = await this.em.nativeUpdate(
      Message,
      { id: job.data.messageId, deliveryStatus: 'failed' },
      { deliveryStatus: 'queued', errorCode: null, errorMessage: null, sendAttemptedAt: null },
    );
    if (!reset) throw new NotFoundException('The message of this dead letter no longer exists or is not failed');
    await job.retry('failed');
    return { id: job.id, messageId: job.data.messageId, status: 'queued' };
  }
}

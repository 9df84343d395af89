/**
 * Every job Parley queues: by queue and name, its payload. Producers enqueue through the outbox's one
 * typed function (OutboxService.job, OutboxBatch.job on the SQL paths); each job has one handler, in
 * its queue's processor. Every payload names its workspace: jobs run scoped to it.
 */
export interface SendJob {
  messageId: string;
  workspaceId: string;
  /** Set when the provider accepted the send but recording its answer failed: later attempts only record it. */
  acceptedProviderId?: string;
}

export interface MediaFetchJob {
  attachmentId: string;
  workspaceId: string;
}

export interface TurnJob {
  conversationId: string;
  workspaceId: string;
  /** The inbound message whose arrival scheduled this turn. */
  messageId: string;
  /** That message came from an auto-responder (out-of-office and the like). */
  autoReply?: boolean;
}

export interface FollowUpJob {
  conversationId: string;
  workspaceId: string;
  /** The AI answer after which the customer went quiet. */
  messageId: string;
}

export interface SlaCheckJob {
  conversationId: string;
  workspaceId: string;
  /** The escalation this check belongs to; a later one schedules its own. */
  escalatedAt: string;
}

export interface JobMap {
  delivery: { send: SendJob };
  media: { fetch: MediaFetchJob };
  assistant: { turn: TurnJob; 'follow-up': FollowUpJob; 'sla-check': SlaCheckJob };
}

export type JobQueue = keyof JobMap;
export type JobName<Q extends JobQueue> = keyof JobMap[Q] & string;
export type JobPayload<Q extends JobQueue, N extends JobName<Q>> = JobMap[Q][N] & { workspaceId: string };

export interface JobOptions {
  /** The job waits in BullMQ until then (debounce, follow-up, SLA check). */
  deliverAfter?: Date | null;
  /** The job's id in BullMQ for work with an identity of its own (sendJobId, turnJobId); by default the outbox row's. */
  jobId?: string | null;
}

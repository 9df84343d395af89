import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { ModuleRef } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { OutboxService } from './outbox.service';
import { QUEUES, sendJobId, turnJobId } from './queues';
import { rateLimitedRedisErrorLog } from '../redis/redis-error-log';

/** Candidates per pass and kind; a pass that finds a full batch runs again at once. */
const BATCH = 500;
/** BullMQ lookups in flight at once. */
const LOOKUPS = 50;
/** A customer's message older than this is not answered automatically any more. */
const TURN_HORIZON = '24 hours';

export interface ReconcileResult {
  sends: number;
  turns: number;
}

/**
 * Redis can lose jobs (a flush, a failover to a replica that was behind, a restore). PostgreSQL knows
 * what work is still owed: a send still `queued`, the last inbound message of an AI-handled conversation
 * with no assistant decision. Past `RECONCILE_AFTER_MS`, work whose job BullMQ no longer has is enqueued
 * again (through the outbox) under its own job id, so a repeat is a no-op. Every instance runs it: a
 * pass holds a transaction-scoped advisory lock, and the others skip theirs.
 */
@Injectable()
export class WorkReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkReconciler.name);
  private readonly failed = rateLimitedRedisErrorLog(this.logger, 'reconciler pass failed');
  private readonly delivery: Queue;
  private readonly assistant: Queue;
  private timer?: NodeJS.Timeout;
  private pass?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    moduleRef: ModuleRef,
  ) {
    this.delivery = moduleRef.get<Queue>(getQueueToken(QUEUES.delivery), { strict: false });
    this.assistant = moduleRef.get<Queue>(getQueueToken(QUEUES.assistant), { strict: false });
  }

  /** Half the age limit between passes, within 1 s and 1 min. */
  private get intervalMs(): number {
    return Math.min(60_000, Math.max(1_000, Math.floor(this.config.reconcileAfterMs / 2)));
  }

  onApplicationBootstrap(): void {
    this.schedule(this.intervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass?.catch(() => undefined);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pass = this.reconcileOnce().then(
        (r) => this.schedule(r.sends === BATCH || r.turns === BATCH ? 0 : this.intervalMs),
        (err: Error) => {
          this.failed(err);
          this.schedule(this.intervalMs);
        },
      );
    }, ms);
  }

  /** One pass: what it enqueued again. Public for tests. */
  async reconcileOnce(): Promise<ReconcileResult> {
    return this.orm.em.fork().transactional(async (tx) => {
      const connection = tx.getConnection();
      const ctx = tx.getTransactionContext();
      const query = <T>(sql: string, params: unknown[] = []) => connection.execute<T[]>(sql, params, 'all', ctx);
      const [lock] = await query<{ locked: boolean }>(`select pg_try_advisory_xact_lock(hashtext('parley.work-reconciler')) as locked`);
      if (!lock?.locked) return { sends: 0, turns: 0 };
      const afterSeconds = this.config.reconcileAfterMs / 1000;

      const queued = await query<{ id: string; workspace_id: string }>(
        `select id, workspace_id from message
          where direction = 'outbound' and delivery_status = 'queued' and created_at < now() - make_interval(secs => ?)
          order by created_at limit ?`,
        [afterSeconds, BATCH],
      );
      const lostSends = await this.missing(this.delivery, queued, (r) => sendJobId(r.id));
      for (const r of lostSends) this.outbox.job(tx, QUEUES.delivery, 'send', { messageId: r.id, workspaceId: r.workspace_id }, { jobId: sendJobId(r.id) });

      // The assistant owes a turn for the conversation's last inbound message when it is after the
      // assistant's cursor and after the last outbound message (what a human answered is not owed).
      const owed = await query<{ conversation_id: string; workspace_id: string; message_id: string; auto_reply: boolean }>(
        `select c.id as conversation_id, c.workspace_id, m.id as message_id,
                exists (select 1 from timeline_event t where t.conversation_id = c.id and t.type = 'message.received'
                         and t.data->>'messageId' = m.id::text and t.data->>'autoReply' = 'true') as auto_reply
           from conversation c
           cross join lateral (select m.id, m.created_at from message m where m.conversation_id = c.id and m.direction = 'inbound'
                                order by m.created_at desc, m.id desc limit 1) m
          where c.status = 'ai_handling'
            and c.last_inbound_at > now() - interval '${TURN_HORIZON}' and c.last_inbound_at < now() - make_interval(secs => ?)
            and m.created_at < now() - make_interval(secs => ?)
            and m.created_at > coalesce(c.assistant_cursor_at, '-infinity')
            and m.created_at > coalesce((select max(o.created_at) from message o where o.conversation_id = c.id and o.direction = 'outbound'), '-infinity')
          order by c.last_inbound_at limit ?`,
        [afterSeconds, afterSeconds + this.config.assistantDebounceMs / 1000, BATCH],
      );
      const lostTurns = await this.missing(this.assistant, owed, (r) => turnJobId(r.message_id));
      for (const r of lostTurns) {
        const turn = { conversationId: r.conversation_id, workspaceId: r.workspace_id, messageId: r.message_id, ...(r.auto_reply ? { autoReply: true } : {}) };
        this.outbox.job(tx, QUEUES.assistant, 'turn', turn, { jobId: turnJobId(r.message_id) });
      }

      if (lostSends.length || lostTurns.length) {
        this.logger.warn(`Redis had lost ${lostSends.length} send(s) and ${lostTurns.length} assistant turn(s); enqueued them again`);
      }
      return { sends: lostSends.length, turns: lostTurns.length };
    });
  }

  /** The rows whose job BullMQ does not have in any state (a job that ran to its end is not redone). */
  private async missing<T>(queue: Queue, rows: T[], jobId: (row: T) => string): Promise<T[]> {
    const lost: T[] = [];
    for (let i = 0; i < rows.length; i += LOOKUPS) {
      const chunk = rows.slice(i, i + LOOKUPS);
      const states = await Promise.all(chunk.map((r) => queue.getJobState(jobId(r))));
      chunk.forEach((r, j) => states[j] === 'unknown' && lost.push(r));
    }
    return lost;
  }
}

import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { FileStorage } from './file-storage';

const BATCH = 200;
/** Files removed at once within a batch: unlinks are cheap, but a slow disk should not see 200 at a time. */
const PARALLEL = 16;
/** Every instance sweeps on this period (claims are SKIP LOCKED, so they share the work). */
const SWEEP_INTERVAL_MS = 60_000;
/** The first sweep after start, once the app has settled: what a crash left is cleaned up soon. */
const FIRST_SWEEP_MS = 5_000;
/** An upload nobody attached to a message within this time was abandoned. */
const UNATTACHED_TTL = '24 hours';

/**
 * Removes the bytes of deleted attachments. The rows to work on are `file_deletion`'s (a trigger writes
 * them in the deleting transaction): the committing request calls `purge` right after its commit, and
 * every instance's periodic `sweep` retries whatever a crash or a failed unlink left. A missing file
 * counts as removed. The sweep also deletes uploads never attached to a message after 24 h.
 */
@Injectable()
export class FileDeletionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(FileDeletionService.name);
  private timer?: NodeJS.Timeout;
  private current?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly storage: FileStorage,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(FIRST_SWEEP_MS);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** Ends the periodic sweep (shutdown; a test that runs its sweeps itself). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.current = this.sweep()
        .catch((err: Error) => this.logger.warn(`file sweep failed: ${err.message}`))
        .finally(() => this.schedule(SWEEP_INTERVAL_MS));
    }, ms);
    this.timer.unref();
  }

  /** One pass: abandoned uploads become deletions, then every pending deletion is tried. */
  async sweep(): Promise<{ unattached: number; removed: number }> {
    const unattached = await this.deleteUnattached();
    const removed = await this.purge();
    return { unattached, removed };
  }

  /**
   * Removes the files of committed deletions (one workspace's, or all), each row once: rows another
   * process holds are skipped, rows that fail stay with their error for the next sweep. Returns how
   * many files were removed.
   */
  async purge(workspaceId?: string): Promise<number> {
    let removed = 0;
    let after = '0';
    for (;;) {
      const batch = await this.purgeBatch(after, workspaceId);
      removed += batch.removed;
      if (batch.claimed < BATCH) return removed;
      after = batch.lastId;
    }
  }

  private purgeBatch(after: string, workspaceId?: string): Promise<{ claimed: number; removed: number; lastId: string }> {
    return this.orm.em.fork().transactional(async (tx) => {
      const run = (sql: string, params: unknown[], method: 'all' | 'run' = 'all') =>
        tx.getConnection().execute(sql, params, method, tx.getTransactionContext());
      // Locked until this transaction ends: the unlinks happen while no other instance can claim the rows.
      const rows = (await run(
        `select id, storage_key from file_deletion where id > ? ${workspaceId ? 'and workspace_id = ?' : ''} order by id limit ${BATCH} for update skip locked`,
        workspaceId ? [after, workspaceId] : [after],
      )) as { id: string; storage_key: string }[];
      const done: string[] = [];
      const failed: { id: string; error: string }[] = [];
      for (let i = 0; i < rows.length; i += PARALLEL) {
        const chunk = rows.slice(i, i + PARALLEL);
        const results = await Promise.allSettled(chunk.map((r) => this.storage.remove(r.storage_key)));
        results.forEach((result, j) => {
          if (result.status === 'fulfilled') done.push(chunk[j].id);
          else failed.push({ id: chunk[j].id, error: String((result.reason as Error)?.message ?? result.reason) });
        });
      }
      if (done.length) await run(`delete from file_deletion where id in (${done.map(() => '?').join(', ')})`, done, 'run');
      for (const f of failed) await run('update file_deletion set attempts = attempts + 1, last_error = ? where id = ?', [f.error, f.id], 'run');
      if (failed.length) this.logger.warn(`${failed.length} file(s) could not be removed (kept for the next sweep), first: ${failed[0].error}`);
      return { claimed: rows.length, removed: done.length, lastId: rows.at(-1)?.id ?? after };
    });
  }

  /** Uploads never attached to a message, older than a day: their rows go, and the trigger queues their files. */
  private async deleteUnattached(): Promise<number> {
    let total = 0;
    for (;;) {
      // SKIP LOCKED: an upload being attached right now (its row locked by that transaction) is left alone;
      // the re-check under the lock sees a message_id set meanwhile and skips the row.
      const deleted = await this.orm.em.getConnection().execute<{ id: string }[]>(
        `delete from attachment where id in (
           select id from attachment where message_id is null and created_at < now() - interval '${UNATTACHED_TTL}'
            order by created_at limit ${BATCH} for update skip locked)
         returning id`,
      );
      total += deleted.length;
      if (deleted.length < BATCH) return total;
    }
  }
}

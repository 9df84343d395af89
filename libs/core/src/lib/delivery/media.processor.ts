import { Logger } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Job } from 'bullmq';
import { OutboundRequestRefused, PermanentSendError } from '@parley/plugin-sdk';
import { Attachment } from '../message/attachment.entity';
import { Message } from '../message/message.entity';
import { FileStorage, storageKeyFor } from '../attachment/file-storage';
import { AccountContextService } from '../channel-account/account-context.service';
import { OutboxService } from '../outbox/outbox.service';
import { QUEUES } from '../outbox/queues';
import { toMessageView } from '../message/message.view';
import type { MediaFetchJob } from '../outbox/jobs';
import { scopeToWorkspace } from '../database/workspace-filter';
import { MAX_ATTACHMENT_BYTES } from '../attachment/attachment-limits';
import { typeOfBytes } from '../attachment/content-type';

/** Media that will never be accepted, however often it is fetched. */
class RefusedMedia extends Error {}

/** Fetches media announced by inbound messages into attachments, after the webhook was acknowledged. */
@Processor(QUEUES.media, { concurrency: 5 })
export class MediaProcessor extends WorkerHost {
  private readonly logger = new Logger(MediaProcessor.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly accounts: AccountContextService,
    private readonly storage: FileStorage,
    private readonly outbox: OutboxService,
  ) {
    super();
  }

  async process(job: Job<MediaFetchJob>): Promise<void> {
    // Scoped like a request: every read below sees only the job's workspace.
    const em = this.orm.em.fork();
    scopeToWorkspace(em, job.data.workspaceId);
    const attachment = await em.findOne(Attachment, { id: job.data.attachmentId, status: 'pending' });
    if (!attachment?.sourceRef || !attachment.message) return;
    const message = await em.findOneOrFail(Message, attachment.message);
    const resolved = await this.accounts.resolveIn(message.workspace, message.channelAccount);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    // The key is on the row before any byte is written (and kept across retries): if the attachment is
    // deleted meanwhile, or this process dies after writing, the file is still reachable from a row.
    if (!attachment.storageKey) {
      attachment.storageKey = storageKeyFor(attachment.workspace, attachment.id);
      await em.nativeUpdate(Attachment, { id: attachment.id }, { storageKey: attachment.storageKey });
    }
    try {
      if (!resolved?.plugin.downloadMedia) throw new Error('the channel plugin cannot download media');
      const file = await resolved.plugin.downloadMedia(attachment.sourceRef, resolved.context);
      if (file.data.length > MAX_ATTACHMENT_BYTES) throw new RefusedMedia(`media is larger than ${MAX_ATTACHMENT_BYTES} bytes`);
      // Stored as what the bytes are, and only if that is a type uploads accept too.
      const typed = typeOfBytes(file.data, file.contentType || attachment.contentType);
      if (!typed.ok) throw new RefusedMedia(typed.reason);
      await this.storage.put(attachment.storageKey, file.data);
      Object.assign(attachment, {
        status: 'stored',
        size: file.data.length,
        contentType: typed.contentType,
        ...(file.filename ? { filename: file.filename } : {}),
      });
    } catch (err) {
      // A refused address or file stays refused: retrying would only ask again.
      const refused = err instanceof RefusedMedia || err instanceof OutboundRequestRefused || err instanceof PermanentSendError;
      if (!lastAttempt && !refused) throw err;
      this.logger.warn(`giving up on media ${attachment.id}: ${(err as Error).message}`);
      attachment.status = 'failed';
    }
    const present = await em.transactional(async (tx) => {
      const [row] = await tx
        .getConnection()
        .execute(
          'select id from attachment where id = ? and workspace_id = ? for update',
          [attachment.id, attachment.workspace],
          'all',
          tx.getTransactionContext(),
        );
      if (!row) return false;
      tx.persist(attachment);
      await tx.flush();
      // The frame carries the message as GET /conversations/:id/messages returns it, this file included.
      this.outbox.event(tx, attachment.workspace, 'message.updated', toMessageView(message, await tx.find(Attachment, { message: message.id })));
      return true;
    });
    // Deleted while its bytes were being fetched (its conversation went): the deletion may have run
    // before this write, so remove what was written now.
    if (!present) await this.storage.remove(attachment.storageKey);
  }
}

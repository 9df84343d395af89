import { Injectable } from '@nestjs/common';
import { MikroORM, LockMode } from '@mikro-orm/postgresql';
import { Conversation } from '../conversation/conversation.entity';
import { Contact } from '../contact/contact.entity';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { OutboundMessageService } from '../message/outbound-message.service';
import { DraftService } from '../autonomy/draft.service';
import { policyFor } from '../autonomy/autonomy-policy.entity';
import { deliveryFor, levelFor } from '../autonomy/autonomy-decision';
import { scopeToWorkspace } from '../database/workspace-filter';
import { OutboxService } from '../outbox/outbox.service';
import { TimelineService } from '../timeline/timeline.service';
import { ASSISTANT } from '../timeline/actor';
import type { TurnOutcome } from './assistant-turn.service';
import type { FollowUpJob } from '../outbox/jobs';

export const followUpText = (name: string | null) =>
  `Hi${name?.trim() ? ` ${name.trim().split(/\s+/)[0]}` : ''}, just checking in: is there anything else I can help you with?`;

/**
 * Re-engages a customer who went quiet after an AI answer (workspace `followUpHours`). The delayed job
 * is "cancelled" by what happened since: it acts only if that answer is still the conversation's last
 * message and the assistant still owns the conversation.
 */
@Injectable()
export class FollowUpService {
  constructor(
    private readonly orm: MikroORM,
    private readonly outbound: OutboundMessageService,
    private readonly drafts: DraftService,
    private readonly timeline: TimelineService,
    private readonly outbox: OutboxService,
  ) {}

  async run(job: FollowUpJob): Promise<TurnOutcome> {
    const em = this.orm.em.fork();
    scopeToWorkspace(em, job.workspaceId);
    return em.transactional(async (tx) => {
      const c = await tx.findOne(Conversation, job.conversationId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!c) return { kind: 'skipped', reason: 'conversation deleted' } as const;
      if (c.status !== 'ai_handling' || c.assistantState !== 'active')
        return { kind: 'skipped', reason: `the assistant no longer handles it (${c.status}, ${c.assistantState})` } as const;
      const [last] = await tx
        .getConnection()
        .execute<{ id: string; direction: string }[]>(
          'select id, direction from message where conversation_id = ? order by created_at desc, id desc limit 1',
          [c.id],
          'all',
          tx.getTransactionContext(),
        );
      if (last?.id !== job.messageId)
        return { kind: 'skipped', reason: last?.direction === 'inbound' ? 'the customer answered' : 'a newer message was sent' } as const;
      const contact = await tx.findOneOrFail(Contact, c.contact);
      if (contact.optedOutChannels.includes(c.channel) || contact.aiPaused || contact.blocked)
        return { kind: 'skipped', reason: 'the contact may not be messaged by the assistant' } as const;

      const policy = await policyFor(tx, c.workspace);
      // A nudge is a low-risk reply the assistant chose to send: the same table decides send or hold.
      const { delivery, why } = deliveryFor(levelFor(policy, c.channelAccount), 'low', true);
      const text = followUpText(contact.name);
      let ref: Record<string, string>;
      if (delivery === 'draft') {
        ref = { draftId: this.drafts.hold(tx, c, { body: text, intent: 'follow_up', risk: 'low', reason: `draft: ${why}` }).id };
      } else {
        const account = await tx.findOneOrFail(ChannelAccount, c.channelAccount);
        ref = { messageId: (await this.outbound.queue(tx, c, account, { body: text }, ASSISTANT)).id };
      }
      this.timeline.record(tx, c, 'follow_up.sent', ASSISTANT, { afterMessageId: job.messageId, ...ref });
      this.outbox.event(tx, c.workspace, 'conversation.updated', { id: c.id });
      return { kind: 'decided', decision: delivery, reason: 'follow-up after customer silence' } as const;
    });
  }
}

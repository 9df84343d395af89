import { Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { AssistantTrial } from '@parley/contracts';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { KnowledgeSearchService } from '../knowledge/knowledge-search.service';
import { policyFor } from '../autonomy/autonomy-policy.entity';
import { decide } from '../autonomy/autonomy-decision';
import { AssistantSettingsService } from './assistant-settings.service';

const TRIAL_DEADLINE_MS = 30_000;

/**
 * "Try it": a question through the workspace's provider, with the knowledge a turn would give it, and
 * what the autonomy policy would do with the report on a channel account. No conversation, contact or
 * message is touched and nothing is sent or recorded.
 */
@Injectable()
export class AssistantTrialService {
  constructor(
    private readonly em: EntityManager,
    private readonly settings: AssistantSettingsService,
    private readonly knowledge: KnowledgeSearchService,
  ) {}

  async try(workspaceId: string, question: string, channelAccountId?: string): Promise<AssistantTrial> {
    const account = channelAccountId
      ? await this.em.findOne(ChannelAccount, channelAccountId)
      : await this.em.findOne(ChannelAccount, {}, { orderBy: { createdAt: 'asc' } });
    if (channelAccountId && !account) throw new NotFoundException('channelAccountId: channel account not found');
    const assistant = await this.settings.resolve(this.em, workspaceId);
    if (!assistant) return { provider: null, ok: false, error: 'The assistant is turned off for this workspace', knowledge: [], report: null, decision: null };
    if (!assistant.provider)
      return { provider: assistant.id, ok: false, error: `The AI provider "${assistant.id}" is not installed`, knowledge: [], report: null, decision: null };
    const knowledge = await this.knowledge.search(workspaceId, question, 3);
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const report = await Promise.race([
        assistant.provider.respond(
          {
            workspaceId,
            conversationId: 'trial',
            channel: account?.channel ?? 'webchat',
            contact: { name: 'Test customer', metadata: {} },
            history: [{ direction: 'inbound', author: 'contact', body: question, at: new Date() }],
            latest: question,
            knowledge,
          },
          assistant.config,
        ),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${TRIAL_DEADLINE_MS / 1000} s`)), TRIAL_DEADLINE_MS))),
      ]);
      const policy = await policyFor(this.em, workspaceId);
      const decision = decide(
        policy,
        {
          conversation: { status: 'ai_handling', assistantState: 'active', channelAccountId: account?.id ?? '' },
          contact: { aiPaused: false, optedOut: false, blocked: false },
          inboundWasAutoReply: false,
        },
        report,
      );
      return {
        provider: assistant.id,
        ok: true,
        error: null,
        ms: Date.now() - started,
        knowledge: knowledge.map((k) => ({ title: k.title })),
        report: {
          reply: report.reply ?? null,
          intent: report.intent,
          risk: report.risk,
          escalate: report.escalate ?? null,
          resolve: report.resolve ?? null,
          unanswered: report.unanswered ?? false,
        },
        decision: {
          kind: decision.kind,
          delivery: decision.kind === 'reply' ? decision.delivery : ('reply' in decision && decision.reply?.delivery) || null,
          reason: decision.reason,
          channelAccountId: account?.id ?? null,
        },
      };
    } catch (err) {
      // Outbound calls fail in our words (the guarded client never reflects a remote body).
      return {
        provider: assistant.id,
        ok: false,
        error: `The provider failed: ${(err as Error).message.slice(0, 200)}`,
        knowledge: knowledge.map((k) => ({ title: k.title })),
        report: null,
        decision: null,
      };
    } finally {
      clearTimeout(timer);
    }
  }
}

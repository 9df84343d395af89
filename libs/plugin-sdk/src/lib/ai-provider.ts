import { DiscoveryService } from '@nestjs/core';
import type { ChannelKind, RiskLevel } from '@parley/contracts';
import type { ConfigClass } from './channel-plugin';

export interface AssistantMessage {
  direction: 'inbound' | 'outbound';
  author: 'contact' | 'ai' | 'operator' | 'system';
  body: string;
  at: Date;
}

export interface KnowledgeSnippet {
  id: string;
  title: string;
  body: string;
  /** Relevance from the host's search, higher is better (PostgreSQL ts_rank, or trigram similarity). */
  score: number;
}

/** What an assistant turn knows: the conversation so far and the workspace's knowledge base. */
export interface AssistantContext {
  workspaceId: string;
  conversationId: string;
  channel: ChannelKind;
  contact: { name: string | null; metadata: Record<string, unknown> };
  /** Recent history, oldest first; the last inbound messages are the ones to answer. */
  history: AssistantMessage[];
  /** The customer's text this turn answers (several messages of a burst, joined). */
  latest: string;
  /** Articles the host found relevant to `latest`, best first. */
  knowledge: KnowledgeSnippet[];
}

export interface AssistantAction {
  type: 'book';
  jobType: string;
  externalId?: string;
  details?: Record<string, unknown>;
}

/**
 * What a provider reports. It only reports; the host's autonomy module decides whether the reply is
 * sent, held as a draft, or the conversation escalated.
 */
export interface AssistantReport {
  reply?: string;
  intent: { name: string; confidence: number };
  risk: { level: RiskLevel; reasons: string[] };
  escalate?: { reason: string };
  resolve?: { resolved: boolean; confidence: number };
  actions?: AssistantAction[];
  /** The question could not be answered from the knowledge base (feeds the knowledge-gaps report). */
  unanswered?: boolean;
  usage?: { promptTokens?: number; completionTokens?: number };
}

export interface AiProvider<TConfig extends object = object> {
  readonly id: string;
  readonly displayName: string;
  readonly configClass: ConfigClass<TConfig>;
  respond(context: AssistantContext, config: TConfig): Promise<AssistantReport>;
}

/** Marks a provider class as an AI provider plugin, found at start-up like channel plugins. */
export const AiProviderPlugin = DiscoveryService.createDecorator<{ id: string }>();

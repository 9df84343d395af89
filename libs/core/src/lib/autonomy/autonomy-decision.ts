import type { AssistantState, AutonomyLevel, ConversationStatus, RiskLevel } from '@parley/contracts';
import type { AssistantReport } from '@parley/plugin-sdk';

export interface AutonomyPolicyInput {
  level: AutonomyLevel;
  channelOverrides: Record<string, AutonomyLevel>;
  autoReplyIntents: string[];
  highRiskIntents: string[];
}

export interface TurnSituation {
  conversation: { status: ConversationStatus; assistantState: AssistantState; channelAccountId: string };
  contact: { aiPaused: boolean; optedOut: boolean; blocked: boolean };
  /** The inbound that triggered the turn was sent by a machine (auto-responder, out-of-office). */
  inboundWasAutoReply: boolean;
}

export type Delivery = 'send' | 'draft';

export type Decision =
  | { kind: 'silent'; reason: string }
  | { kind: 'reply'; delivery: Delivery; reply: string; risk: RiskLevel; reason: string }
  | { kind: 'escalate'; escalationReason: string; reply?: { delivery: Delivery; text: string }; reason: string }
  | { kind: 'resolve'; reply?: { delivery: Delivery; text: string }; reason: string };

const RANK: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };

/**
 * The autonomy module's decision for one assistant turn. Providers only report; this decides.
 *
 * | level      | low risk, auto-reply intent | medium / high risk, or other intent |
 * |------------|-----------------------------|-------------------------------------|
 * | full       | send                        | send (high) · draft (not an auto-reply intent) |
 * | controlled | send                        | draft                               |
 * | assisted   | draft                       | draft                               |
 *
 * Before any of that, the assistant stays silent when the conversation's assistant is paused or
 * blocked, a human is handling it, the contact's AI is paused, the contact opted out or is blocked,
 * or the inbound was an auto-reply. Escalation and resolution signals win over a plain reply.
 */
export function decide(policy: AutonomyPolicyInput, situation: TurnSituation, report: AssistantReport): Decision {
  const silence = silenceReason(situation);
  if (silence) return { kind: 'silent', reason: `silent: ${silence}` };

  const level = levelFor(policy, situation.conversation.channelAccountId);
  const intent = report.intent.name;
  const risk: RiskLevel = policy.highRiskIntents.includes(intent) && RANK[report.risk.level] < RANK.high ? 'high' : report.risk.level;
  const delivery = deliveryFor(level, risk, policy.autoReplyIntents.includes(intent));
  const courtesy = report.reply?.trim() ? { delivery: delivery.delivery, text: report.reply.trim() } : undefined;

  if (report.escalate) {
    return {
      kind: 'escalate',
      escalationReason: report.escalate.reason,
      ...(courtesy ? { reply: courtesy } : {}),
      reason: `escalate: ${report.escalate.reason}`,
    };
  }
  if (report.resolve?.resolved) {
    return { kind: 'resolve', ...(courtesy ? { reply: courtesy } : {}), reason: 'resolve: the customer confirmed the matter is settled' };
  }
  if (!courtesy) return { kind: 'silent', reason: 'silent: the provider proposed no reply' };
  return { kind: 'reply', delivery: delivery.delivery, reply: courtesy.text, risk, reason: `${delivery.delivery}: ${delivery.why}` };
}

export function silenceReason({ conversation, contact, inboundWasAutoReply }: TurnSituation): string | null {
  if (conversation.assistantState === 'paused') return 'the assistant is paused on this conversation';
  if (conversation.assistantState === 'blocked') return 'the user is blocked from the assistant';
  if (conversation.status === 'human_handling') return 'a human is handling this conversation';
  if (conversation.status === 'resolved') return 'the conversation is resolved';
  if (conversation.status === 'opted_out' || contact.optedOut) return 'the contact opted out';
  if (contact.blocked) return 'the contact is blocked';
  if (contact.aiPaused) return 'AI is paused for this contact';
  if (inboundWasAutoReply) return 'the inbound message was an auto-reply';
  return null;
}

/** The autonomy level that applies on a channel account: its override, else the workspace's level. */
export const levelFor = (policy: Pick<AutonomyPolicyInput, 'level' | 'channelOverrides'>, channelAccountId: string): AutonomyLevel =>
  policy.channelOverrides[channelAccountId] ?? policy.level;

/** Send or hold, and why, for a reply of this risk at this level. */
export function deliveryFor(level: AutonomyLevel, risk: RiskLevel, autoReplyIntent: boolean): { delivery: Delivery; why: string } {
  if (level === 'assisted') return { delivery: 'draft', why: 'every reply is approved under assisted' };
  if (!autoReplyIntent) return { delivery: 'draft', why: `the intent is not an auto-reply intent under ${level}` };
  if (level === 'full') return { delivery: 'send', why: `${risk} risk under full autonomy` };
  return risk === 'low' ? { delivery: 'send', why: 'low risk under controlled' } : { delivery: 'draft', why: `${risk} risk under controlled` };
}

import type { AssistantState } from '@parley/contracts';
import type { Conversation } from './conversation.entity';

/** Mirrors the generated `requires_action` column for rows changed in memory (before a refresh). */
export const requiresAction = (c: Pick<Conversation, 'status' | 'replyState' | 'pendingDrafts'>): boolean =>
  (c.status === 'human_handling' && c.replyState === 'awaiting_reply') || c.pendingDrafts > 0;

/**
 * The assistant's state as it is, not only as an operator last set it: their pause or block first; else
 * what keeps it silent here (an opt-out or a blocked contact: blocked; a human handling the conversation
 * or the contact's AI paused: paused until handed back or resumed); else active. The assistant turn's
 * silence rules (autonomy-decision.ts) are the other side of this.
 */
export const effectiveAssistantState = (
  c: Pick<Conversation, 'status' | 'assistantState'>,
  contact?: { aiPaused: boolean; blocked: boolean; optedOut: boolean },
): AssistantState => {
  if (c.assistantState !== 'active') return c.assistantState;
  if (c.status === 'opted_out' || contact?.optedOut || contact?.blocked) return 'blocked';
  if (c.status === 'human_handling' || contact?.aiPaused) return 'paused';
  return 'active';
};

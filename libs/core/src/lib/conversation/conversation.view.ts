import type { Conversation } from './conversation.entity';

/** Mirrors the generated `requires_action` column for rows changed in memory (before a refresh). */
export const requiresAction = (c: Pick<Conversation, 'status' | 'replyState' | 'pendingDrafts'>): boolean =>
  (c.status === 'human_handling' && c.replyState === 'awaiting_reply') || c.pendingDrafts > 0;

/** The compact shape carried by `conversation.*` realtime events. */
export const toConversationEvent = (c: Conversation) => ({
  id: c.id,
  status: c.status,
  assistantState: c.assistantState,
  replyState: c.replyState,
  assigneeId: c.assignee,
  escalationReason: c.escalationReason,
  archived: c.archived,
  channel: c.channel,
  channelAccountId: c.channelAccount,
  contactId: c.contact,
  lastActivityAt: c.lastActivityAt.toISOString(),
  lastMessagePreview: c.lastMessagePreview,
  requiresAction: requiresAction(c),
});

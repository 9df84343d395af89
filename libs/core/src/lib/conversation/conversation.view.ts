import type { Conversation } from './conversation.entity';

/** Mirrors the generated `requires_action` column for rows changed in memory (before a refresh). */
export const requiresAction = (c: Pick<Conversation, 'status' | 'replyState' | 'pendingDrafts'>): boolean =>
  (c.status === 'human_handling' && c.replyState === 'awaiting_reply') || c.pendingDrafts > 0;

export type ConversationEventSource = Pick<
  Conversation,
  | 'id'
  | 'status'
  | 'assistantState'
  | 'replyState'
  | 'assignee'
  | 'escalationReason'
  | 'archived'
  | 'channel'
  | 'channelAccount'
  | 'contact'
  | 'lastActivityAt'
  | 'lastMessagePreview'
  | 'pendingDrafts'
>;

/** The compact shape carried by `conversation.*` realtime events (from an entity or an ingest row). */
export const toConversationEvent = (c: ConversationEventSource) => ({
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
  lastActivityAt: new Date(c.lastActivityAt).toISOString(),
  lastMessagePreview: c.lastMessagePreview,
  requiresAction: requiresAction(c),
});

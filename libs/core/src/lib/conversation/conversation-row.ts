import type { AssistantState, ChannelKind, ConversationStatus, ReplyState } from '@parley/contracts';

/** A conversation as the SQL write paths (ingest, consent) read and return it. */
export interface ConversationRow {
  id: string;
  workspace_id: string;
  contact_id: string;
  channel_account_id: string;
  channel: ChannelKind;
  status: ConversationStatus;
  assistant_state: AssistantState;
  reply_state: ReplyState;
  assignee_id: string | null;
  escalation_reason: string | null;
  archived: boolean;
  pending_drafts: number;
  last_activity_at: Date;
  last_message_preview: string | null;
}

export const CONVERSATION_COLUMNS =
  'id, workspace_id, contact_id, channel_account_id, channel, status, assistant_state, reply_state, assignee_id, escalation_reason, archived, pending_drafts, last_activity_at, last_message_preview';

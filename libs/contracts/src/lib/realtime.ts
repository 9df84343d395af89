import type { RealtimeEventType } from './enums';
import type { ConversationListItem, DraftView, MessageView, NoteView, TimelineEventView } from './api';

/** `presence.updated` data: who has a conversation open, and who is typing a reply in it. */
export interface PresenceViewer {
  userId: string;
  name: string;
  typing: boolean;
}

export interface PresenceUpdate {
  conversationId: string;
  viewers: PresenceViewer[];
}

/** `alert.created` data: something needs an operator now. */
export interface AlertView {
  /** `escalation_sla`: an escalation waited past the workspace's SLA without a human reply. */
  kind: 'escalation_sla';
  conversationId: string;
  escalationReason: string | null;
  escalatedAt: string;
  waitingMinutes: number;
}

/**
 * Every realtime event type with the data its frames carry: the resource as the REST API returns it,
 * so a screen applies a frame without fetching. `conversation.created|updated` carry the list card of
 * `GET /conversations` (with `unread` as the receiving user's).
 */
export interface RealtimeEventMap {
  'conversation.created': ConversationListItem;
  'conversation.updated': ConversationListItem;
  'conversation.deleted': { id: string };
  'message.created': MessageView;
  'message.updated': MessageView;
  'note.created': NoteView;
  'draft.created': DraftView;
  'draft.updated': DraftView;
  'timeline.created': TimelineEventView;
  'presence.updated': PresenceUpdate;
  'alert.created': AlertView;
}

/** Fails to compile when an event type has no payload type, or the map names a type that does not exist. */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const REALTIME_EVENT_MAP_IS_COMPLETE: Exactly<keyof RealtimeEventMap, RealtimeEventType> = true;

/** A frame of one event type. */
export interface RealtimeFrame<K extends RealtimeEventType> {
  id: string;
  type: K;
  workspaceId: string;
  at: string;
  data: RealtimeEventMap[K];
}

/** A frame on the socket gateway and the SSE stream; narrowing on `type` gives its `data` type. */
export type RealtimeEvent<K extends RealtimeEventType = RealtimeEventType> = { [T in K]: RealtimeFrame<T> }[K];

/** Sent by the server instead of a replay when the client's last event id is older than retention. */
export interface ResyncNotice {
  reason: string;
  /** Start from here after refetching state over HTTP. */
  lastEventId: string;
}

import type { RealtimeEventType } from './enums';

/** A frame on the socket gateway and the SSE stream. */
export interface RealtimeEvent<T = Record<string, unknown>> {
  id: string;
  type: RealtimeEventType;
  workspaceId: string;
  at: string;
  data: T;
}

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

/** Sent by the server instead of a replay when the client's last event id is older than retention. */
export interface ResyncNotice {
  reason: string;
  /** Start from here after refetching state over HTTP. */
  lastEventId: string;
}

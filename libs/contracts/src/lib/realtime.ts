import type { RealtimeEventType } from './enums';

/** A frame on the socket gateway and the SSE stream. */
export interface RealtimeEvent<T = Record<string, unknown>> {
  id: string;
  type: RealtimeEventType;
  workspaceId: string;
  at: string;
  data: T;
}

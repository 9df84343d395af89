import type { RealtimeEvent } from '@parley/contracts';

/**
 * A frame as the bus carries it: the frame every user of the workspace gets, and for `conversation.*`
 * cards the users who see `unread` otherwise (their read markers). `unreadFor` is applied per receiver
 * and never sent.
 */
export type BusFrame = RealtimeEvent & { unreadFor?: Record<string, boolean> };

/** Whether any user sees `frame` otherwise than the workspace's common frame. */
export const isPersonal = (frame: BusFrame): boolean => frame.unreadFor !== undefined;

/** The frame `userId` receives: per-user fields are theirs, and nothing about other users is left in it. */
export function frameFor(frame: BusFrame, userId: string): RealtimeEvent {
  if (!frame.unreadFor) return frame;
  const { unreadFor, ...common } = frame;
  const unread = unreadFor[userId];
  if (unread === undefined || (common.type !== 'conversation.created' && common.type !== 'conversation.updated')) return common as RealtimeEvent;
  return { ...common, data: { ...common.data, unread } };
}

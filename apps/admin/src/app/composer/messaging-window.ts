import type { ConversationView, MessageView } from '@parley/contracts';

/** `GET /conversations/:id`'s `messagingWindow`: null where the channel has none. */
export type MessagingWindow = ConversationView['messagingWindow'];

/** Open at `now`: the API's `open`, closed once `closesAt` has passed while the thread stays open. */
export function windowIsOpen(win: MessagingWindow, now = Date.now()): boolean {
  if (!win) return true;
  if (!win.open || !win.closesAt) return false;
  return Date.parse(win.closesAt) > now;
}

/** "Window closes in 3 h" / "Window closes in 40 min" / "Window closed: send an approved template"; null without a window. */
export function windowText(win: MessagingWindow, now = Date.now()): string | null {
  if (!win) return null;
  if (!windowIsOpen(win, now)) return 'Window closed: send an approved template';
  const ms = Date.parse(win.closesAt ?? '') - now;
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes < 60 ? `Window closes in ${minutes} min` : `Window closes in ${Math.floor(minutes / 60)} h`;
}

/**
 * The contact wrote on the conversation's channel account: the window runs again from that message
 * (the API's rule: the contact's last inbound message plus `hours`), so a live frame reopens it without a fetch.
 */
export function windowAfterInbound(
  win: MessagingWindow,
  channelAccountId: string,
  m: Pick<MessageView, 'direction' | 'channelAccountId' | 'createdAt'>,
): MessagingWindow {
  if (!win || m.direction !== 'inbound' || m.channelAccountId !== channelAccountId) return win;
  const closesAt = new Date(Date.parse(m.createdAt) + win.hours * 3600_000).toISOString();
  if (win.closesAt && win.closesAt >= closesAt) return win;
  return { ...win, open: Date.parse(closesAt) > Date.now(), closesAt };
}

import { windowAfterInbound, windowIsOpen, windowText } from './messaging-window';

describe('messaging window (GET /conversations/:id messagingWindow)', () => {
  const now = Date.parse('2026-05-02T12:00:00Z');
  const open = (closesAt: string) => ({ hours: 24, open: true, closesAt });

  it('says how long the window stays open, and that it closed', () => {
    expect(windowText(open('2026-05-02T15:20:00Z'), now)).toBe('Window closes in 3 h');
    expect(windowText(open('2026-05-02T12:40:00Z'), now)).toBe('Window closes in 40 min');
    expect(windowText({ hours: 24, open: false, closesAt: '2026-05-01T12:00:00Z' }, now)).toBe('Window closed: send an approved template');
    expect(windowText({ hours: 24, open: false, closesAt: null }, now)).toBe('Window closed: send an approved template');
    expect(windowText(null, now)).toBeNull();
  });

  it('closes on time while the thread stays open; a channel without a window is always open', () => {
    expect(windowIsOpen(open('2026-05-02T12:00:30Z'), now)).toBe(true);
    expect(windowIsOpen(open('2026-05-02T11:59:00Z'), now)).toBe(false);
    expect(windowIsOpen(null, now)).toBe(true);
  });

  it("reopens from the contact's new message on the same account only", () => {
    const closed = { hours: 24, open: false, closesAt: '2026-05-01T09:00:00.000Z' };
    const inbound = { direction: 'inbound' as const, channelAccountId: 'a1', createdAt: new Date().toISOString() };
    const after = windowAfterInbound(closed, 'a1', inbound);
    expect(after?.open).toBe(true);
    expect(after?.closesAt).toBe(new Date(Date.parse(inbound.createdAt) + 24 * 3600_000).toISOString());
    expect(windowAfterInbound(closed, 'a2', inbound)).toBe(closed);
    expect(windowAfterInbound(closed, 'a1', { ...inbound, direction: 'outbound' })).toBe(closed);
    expect(windowAfterInbound(null, 'a1', inbound)).toBeNull();
  });
});

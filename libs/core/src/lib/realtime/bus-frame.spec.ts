import type { ConversationListItem } from '@parley/contracts';
import { frameFor, type BusFrame } from './bus-frame';

const card = { id: 'c1', unread: true } as ConversationListItem;
const frame: BusFrame = { id: '1-0', type: 'conversation.updated', workspaceId: 'w', at: '2026-12-07T00:00:00.000Z', data: card, unreadFor: { reader: false } };

describe('frameFor', () => {
  it('gives a user with a read marker their own unread, and nobody the other users’ read state', () => {
    const mine = frameFor(frame, 'reader');
    expect(mine).toEqual({ id: '1-0', type: 'conversation.updated', workspaceId: 'w', at: frame.at, data: { id: 'c1', unread: false } });
    expect(mine).not.toHaveProperty('unreadFor');
    const other = frameFor(frame, 'someone-else');
    expect(other).toEqual({ id: '1-0', type: 'conversation.updated', workspaceId: 'w', at: frame.at, data: card });
    expect(other).not.toHaveProperty('unreadFor');
  });

  it('leaves a common frame as it is', () => {
    const note: BusFrame = { id: '2-0', type: 'conversation.deleted', workspaceId: 'w', at: frame.at, data: { id: 'c1' } };
    expect(frameFor(note, 'reader')).toBe(note);
  });
});

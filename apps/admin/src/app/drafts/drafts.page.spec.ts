import type { DraftView } from '@parley/contracts';
import { pendingOldestFirst } from './drafts.page';

const d = (id: string, createdAt: string, status: DraftView['status'] = 'pending'): DraftView => ({
  id,
  conversationId: 'c',
  body: 'b',
  intent: null,
  risk: 'low',
  reason: null,
  status,
  createdAt,
  decidedAt: null,
  decidedBy: null,
  decisionNote: null,
  messageId: null,
  sentBody: null,
});

describe('drafts page order', () => {
  it('lists only pending drafts, oldest first', () => {
    const list = [d('new', '2026-05-03T00:00:00Z'), d('old', '2026-05-01T00:00:00Z'), d('done', '2026-04-01T00:00:00Z', 'approved')];
    expect(pendingOldestFirst(list).map((x) => x.id)).toEqual(['old', 'new']);
  });
});

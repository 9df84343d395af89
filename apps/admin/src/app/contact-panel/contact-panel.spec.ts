import type { ContactDetail, ConversationListItem } from '@parley/contracts';
import { applyCardToContact, cardNeedsContact } from './contact-panel';

const contact: ContactDetail = {
  id: 'k1',
  name: 'Dana',
  email: null,
  phone: '+15550001',
  company: null,
  externalId: null,
  metadata: {},
  aiPaused: false,
  aiPauseReason: null,
  blocked: false,
  optedOutChannels: [],
  identities: [{ channel: 'sms', address: '+15550001' }],
  createdAt: '2026-01-01T00:00:00Z',
  previousConversations: [{ id: 'c1', status: 'ai_handling', channel: 'sms', lastMessagePreview: 'hi', lastActivityAt: '2026-05-01T00:00:00Z' }],
};
const card = (over: Partial<ConversationListItem> = {}): ConversationListItem => ({
  id: 'c1',
  status: 'ai_handling',
  contact: { id: 'k1', name: 'Dana', phone: '+15550001', email: null },
  channel: 'sms',
  channelAccountId: 'a1',
  assignee: null,
  lastMessagePreview: 'hi',
  lastActivityAt: '2026-05-01T00:00:00Z',
  unread: false,
  requiresAction: false,
  escalationReason: null,
  slaBreachedAt: null,
  bookings: [],
  campaign: null,
  replyState: 'awaiting_reply',
  assistantState: 'active',
  archived: false,
  deliveryFailed: false,
  ...over,
});

describe('contact panel from conversation cards (no fetch per frame)', () => {
  it("updates the contact's conversations from the card, newest activity first", () => {
    expect(applyCardToContact(contact, card())).toBe(contact);
    const moved = applyCardToContact(contact, card({ status: 'resolved', lastMessagePreview: 'thanks' }));
    expect(moved.previousConversations[0]).toMatchObject({ id: 'c1', status: 'resolved', lastMessagePreview: 'thanks' });
    const added = applyCardToContact(contact, card({ id: 'c2', channel: 'whatsapp', lastActivityAt: '2026-05-02T00:00:00Z' }));
    expect(added.previousConversations.map((c) => c.id)).toEqual(['c2', 'c1']);
    expect(applyCardToContact(contact, card({ contact: { id: 'other', name: null, phone: null, email: null } }))).toBe(contact);
  });

  it('reads the contact again only when an assistant state or opt-out moved', () => {
    const seen = new Map([['c1', 'active|false']]);
    expect(cardNeedsContact(seen, card({ lastMessagePreview: 'new' }))).toBe(false);
    expect(cardNeedsContact(seen, card({ assistantState: 'paused' }))).toBe(true);
    expect(cardNeedsContact(seen, card({ status: 'opted_out', assistantState: 'blocked' }))).toBe(true);
    expect(cardNeedsContact(seen, card({ id: 'c9' }))).toBe(false);
  });
});

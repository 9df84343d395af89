import { DELIVERY_STATUSES, CONVERSATION_STATUSES } from './enums';

describe('contract vocabularies', () => {
  it('orders delivery statuses from received to terminal states', () => {
    expect(DELIVERY_STATUSES.indexOf('sent')).toBeLessThan(DELIVERY_STATUSES.indexOf('delivered'));
    expect(DELIVERY_STATUSES.indexOf('delivered')).toBeLessThan(DELIVERY_STATUSES.indexOf('read'));
  });

  it('names exactly the four conversation statuses of API.md', () => {
    expect([...CONVERSATION_STATUSES]).toEqual(['ai_handling', 'human_handling', 'resolved', 'opted_out']);
  });
});

import type { ContactDetail, ConversationListItem } from '@parley/contracts';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { ApiService } from '../core/api.service';
import { provideIcons } from '../core/icons';
import { RealtimeService } from '../core/realtime.service';
import { ContactPanel, applyCardToContact, bounceText, cardNeedsContact } from './contact-panel';

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

describe('ContactPanel undeliverable address', () => {
  const bounced: ContactDetail = {
    ...contact,
    email: 'jane@customer.test',
    identities: [
      { channel: 'sms', address: '+15550001' },
      { channel: 'email', address: 'Jane@Customer.test', undeliverable: { at: '2026-05-02T00:00:00Z', reason: 'mailbox does not exist' } },
    ],
  };

  async function render(view: ContactDetail) {
    TestBed.configureTestingModule({
      imports: [ContactPanel],
      providers: [
        provideRouter([]),
        provideIcons(),
        { provide: RealtimeService, useValue: { events: () => new Subject() } },
        {
          provide: ApiService,
          useValue: {
            conversation: () => Promise.resolve({ id: 'c1', status: 'ai_handling', assistantState: 'active', contact: { id: 'k1' } }),
            contact: () => Promise.resolve(view),
          },
        },
      ],
    });
    const fixture = TestBed.createComponent(ContactPanel);
    fixture.componentRef.setInput('conversationId', 'c1');
    fixture.detectChanges();
    await new Promise((r) => setTimeout(r));
    fixture.detectChanges();
    expect(fixture.nativeElement.querySelector('h2')?.textContent).toContain('Dana');
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  it('strikes the address through with a warning and says why, as tooltip and text', async () => {
    const { el } = await render(bounced);
    const struck = el.querySelector('s.bounced');
    expect(struck?.textContent?.trim()).toBe('jane@customer.test');
    expect(struck?.getAttribute('title')).toBe('Bounced: mailbox does not exist');
    expect(struck?.previousElementSibling?.getAttribute('svgicon') ?? struck?.previousElementSibling?.getAttribute('svgIcon')).toBe('warning');
    expect(el.querySelector('[role="note"].bounce')?.textContent?.trim()).toBe('Bounced: mailbox does not exist');
  });

  it('marks the identity under "See more" too, and nothing when the address is fine', async () => {
    const { fixture, el } = await render(bounced);
    el.querySelector<HTMLButtonElement>('button.link')?.click();
    fixture.detectChanges();
    const identity = Array.from(el.querySelectorAll('#contact-more s.bounced')).map((s) => s.textContent?.trim());
    expect(identity).toEqual(['Jane@Customer.test']);
    TestBed.resetTestingModule();
    const fine = await render({ ...bounced, identities: [{ channel: 'email', address: 'jane@customer.test' }] });
    expect(fine.el.querySelector('.bounced, .bounce')).toBeNull();
    expect(fine.el.textContent).toContain('jane@customer.test');
  });

  it('says "Bounced" without a reason in words too', () => {
    expect(bounceText({ at: '2026-05-02T00:00:00Z', reason: null })).toBe('Bounced: the address takes no more messages');
  });
});

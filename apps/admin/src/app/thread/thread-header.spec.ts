import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { ConversationView } from '@parley/contracts';
import { AuthService } from '../auth/auth.service';
import { ApiService } from '../core/api.service';
import { provideIcons } from '../core/icons';
import { ThreadHeader } from './thread-header';
import { ThreadStore } from './thread-store';

const conversation = (over: Partial<ConversationView> = {}): ConversationView =>
  ({
    id: 'c1',
    status: 'ai_handling',
    contact: { id: 'k1', name: 'Jane', phone: null, email: 'jane@customer.test' },
    channel: 'email',
    channelAccountId: 'a1',
    channelAccount: { id: 'a1', name: 'Support mailbox', plugin: 'channel-email', channel: 'email' },
    assignee: null,
    bookings: [],
    campaign: null,
    assistantState: 'active',
    escalationReason: null,
    unread: false,
    archived: false,
    reference: 'ABC123DEF456',
    ...over,
  }) as ConversationView;

describe('ThreadHeader reference', () => {
  function render(c: ConversationView) {
    TestBed.configureTestingModule({
      imports: [ThreadHeader],
      providers: [
        provideIcons(),
        { provide: ThreadStore, useValue: { conversation: signal(c), users: signal([]), deleted: signal(false) } },
        { provide: ApiService, useValue: {} },
        { provide: AuthService, useValue: { user: signal(null) } },
      ],
    });
    const fixture = TestBed.createComponent(ThreadHeader);
    fixture.detectChanges();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  it('shows the reference of an email conversation and copies it as the customer quotes it', async () => {
    const writeText = jest.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { fixture, el } = render(conversation());
    expect(el.querySelector('.reference')?.textContent?.trim()).toBe('#ABC123DEF456');
    const copy = el.querySelector<HTMLButtonElement>('button.copy-ref');
    expect(copy?.getAttribute('aria-label')).toBe('Copy reference #ABC123DEF456');
    copy?.click();
    await Promise.resolve();
    fixture.detectChanges();
    expect(writeText).toHaveBeenCalledWith('#ABC123DEF456');
    expect(copy?.getAttribute('aria-label')).toBe('Reference copied');
  });

  it('shows no reference on other channels', () => {
    const { el } = render(conversation({ channel: 'sms', channelAccount: { id: 'a1', name: 'SMS', plugin: 'channel-sms', channel: 'sms' } }));
    expect(el.querySelector('.reference')).toBeNull();
    expect(el.querySelector('button.copy-ref')).toBeNull();
  });
});

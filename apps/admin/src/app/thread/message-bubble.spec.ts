import { TestBed } from '@angular/core/testing';
import type { MessageView } from '@parley/contracts';
import { ApiService } from '../core/api.service';
import { MessageBubble } from './message-bubble';

const failed: MessageView = {
  id: 'm1',
  conversationId: 'c1',
  direction: 'outbound',
  author: { kind: 'operator', id: 'u1', name: 'Maya' },
  body: 'Hello',
  attachments: [],
  channelAccountId: 'a1',
  deliveryStatus: 'failed',
  aiGenerated: false,
  error: { code: null, message: 'Provider unreachable' },
  createdAt: '2026-05-01T10:00:00.000Z',
};

describe('MessageBubble Retry', () => {
  beforeEach(() => TestBed.configureTestingModule({ imports: [MessageBubble], providers: [{ provide: ApiService, useValue: {} }] }));

  function render(inputs: Record<string, unknown>) {
    const fixture = TestBed.createComponent(MessageBubble);
    fixture.componentRef.setInput('side', 'team');
    fixture.componentRef.setInput('author', 'Maya');
    for (const [k, v] of Object.entries(inputs)) fixture.componentRef.setInput(k, v);
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    return { fixture, el, retry: el.querySelector<HTMLButtonElement>('button.retry') };
  }

  it('offers Retry on a failed message and emits it', () => {
    const { fixture, retry } = render({ message: failed });
    const emitted: MessageView[] = [];
    fixture.componentInstance.retry.subscribe((m) => emitted.push(m));
    expect(retry?.getAttribute('aria-label')).toBe('Retry sending: Provider unreachable');
    retry?.click();
    expect(emitted).toEqual([failed]);
  });

  it('hides Retry once a later message retried it, and on a bounce (the provider took it)', () => {
    const retried = render({ message: failed, retried: true });
    expect(retried.retry).toBeNull();
    expect(retried.el.textContent).toContain('Retried below');
    expect(render({ message: { ...failed, deliveryStatus: 'bounced' } }).retry).toBeNull();
  });

  it('disables Retry while it is out and shows the refusal in words', () => {
    const busy = render({ message: failed, retrying: true });
    expect(busy.retry?.disabled).toBe(true);
    expect(busy.retry?.textContent?.trim()).toBe('Retrying…');
    const refused = render({ message: failed, retryError: 'Already retried: the new attempt is further down the thread.' });
    expect(refused.el.querySelector('[role="alert"]')?.textContent).toContain('Already retried');
  });
});

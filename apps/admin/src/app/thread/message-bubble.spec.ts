import { TestBed } from '@angular/core/testing';
import type { MessageView } from '@parley/contracts';
import { ApiService } from '../core/api.service';
import { provideIcons } from '../core/icons';
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

describe('MessageBubble email', () => {
  const email: MessageView = {
    ...failed,
    direction: 'inbound',
    author: { kind: 'contact', name: 'Jane' },
    deliveryStatus: 'received',
    error: null,
    subject: 'Photo',
    body: 'Look',
    html: '<p>Look <img src="cid:P1" alt="photo"></p>',
    recipients: [{ address: 'sam@customer.test', name: 'Sam' }, { address: 'bob@customer.test' }],
    attachments: [
      { id: 'at1', filename: 'p.png', contentType: 'image/png', size: 10, url: '/a/at1', contentId: 'p1' },
      { id: 'at2', filename: 'invoice.pdf', contentType: 'application/pdf', size: 2048, url: '/a/at2', contentId: null },
    ],
  };
  let blobs: string[];
  beforeEach(() => {
    blobs = [];
    (URL as unknown as { createObjectURL: unknown }).createObjectURL = () => 'blob:http://localhost/inline-1';
    (URL as unknown as { revokeObjectURL: unknown }).revokeObjectURL = () => undefined;
    TestBed.configureTestingModule({
      imports: [MessageBubble],
      providers: [
        provideIcons(),
        { provide: ApiService, useValue: { attachmentBlob: (id: string) => (blobs.push(id), Promise.resolve(new Blob(['x'], { type: 'image/png' }))) } },
      ],
    });
  });

  async function render(message: MessageView) {
    const fixture = TestBed.createComponent(MessageBubble);
    fixture.componentRef.setInput('side', 'contact');
    fixture.componentRef.setInput('author', 'Jane');
    fixture.componentRef.setInput('message', message);
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('shows the other recipients under the sender line', async () => {
    const el = await render(email);
    expect(el.querySelector('.recipients')?.textContent?.trim()).toBe('cc: Sam <sam@customer.test>, bob@customer.test');
    expect(el.querySelector('header + .recipients')).not.toBeNull();
    expect((await render({ ...email, recipients: null })).querySelector('.recipients')).toBeNull();
  });

  it('shows a cid: image in place from the attachment blob and does not list it again below', async () => {
    const el = await render(email);
    expect(blobs).toEqual(['at1']);
    const srcdoc = el.querySelector('iframe')?.getAttribute('srcdoc') ?? '';
    expect(srcdoc).toContain('src="blob:http://localhost/inline-1"');
    expect(srcdoc).not.toContain('cid:');
    const listed = Array.from(el.querySelectorAll('app-attachment')).map((a) => a.textContent?.trim());
    expect(listed).toHaveLength(1);
    expect(listed[0]).toContain('invoice.pdf');
  });

  it('still lists an attachment with a contentId the HTML does not show', async () => {
    const el = await render({ ...email, html: '<p>No picture</p>' });
    expect(el.querySelectorAll('app-attachment')).toHaveLength(2);
  });
});

import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { DraftView, RealtimeEvent } from '@parley/contracts';
import { Subject, filter } from 'rxjs';
import { ApiService } from '../core/api.service';
import { RealtimeService } from '../core/realtime.service';
import { ThreadApi } from '../thread/thread-api';
import { DraftsPage, applyDraftFrame } from './drafts.page';

const d = (id: string, createdAt: string, status: DraftView['status'] = 'pending'): DraftView => ({
  id,
  conversationId: 'c',
  body: `body ${id}`,
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

describe('drafts queue frames', () => {
  const list = [d('a', '2026-05-01T00:00:00Z'), d('b', '2026-05-02T00:00:00Z')];

  it('a decided draft leaves the queue in place; a new one joins at the end once every page is here', () => {
    const approved = applyDraftFrame(list, false, d('a', '2026-05-01T00:00:00Z', 'approved'));
    expect(approved.filter((x) => x.status === 'pending').map((x) => x.id)).toEqual(['b']);
    expect(applyDraftFrame(list, false, d('c', '2026-05-03T00:00:00Z')).map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });

  it('a new draft waits for its page while pages remain; an unknown decided one is ignored', () => {
    expect(applyDraftFrame(list, true, d('c', '2026-05-03T00:00:00Z'))).toBe(list);
    expect(applyDraftFrame(list, false, d('z', '2026-05-03T00:00:00Z', 'rejected'))).toBe(list);
  });
});

describe('DraftsPage', () => {
  let draftsPage: jest.Mock;
  let frames: Subject<RealtimeEvent>;

  beforeEach(() => {
    frames = new Subject();
    draftsPage = jest.fn((q: { cursor?: string }) =>
      Promise.resolve(
        q.cursor
          ? { items: [d('c', '2026-05-03T00:00:00Z')], nextCursor: null }
          : { items: [d('a', '2026-05-01T00:00:00Z'), d('b', '2026-05-02T00:00:00Z')], nextCursor: 'after-b' },
      ),
    );
    TestBed.configureTestingModule({
      imports: [DraftsPage],
      providers: [
        provideRouter([]),
        { provide: ThreadApi, useValue: { draftsPage } },
        { provide: ApiService, useValue: { conversation: () => Promise.reject(new Error('no')) } },
        {
          provide: RealtimeService,
          useValue: {
            events: (...types: string[]) => frames.pipe(filter((f) => types.includes(f.type))),
            resyncs: signal(0),
          },
        },
      ],
    });
  });

  const settle = async (f: { detectChanges(): void; whenStable(): Promise<unknown> }) => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
    f.detectChanges();
    await f.whenStable();
    f.detectChanges();
  };

  it('asks the API for the queue oldest first, shows it in that order and pages on with the cursor', async () => {
    const fixture = TestBed.createComponent(DraftsPage);
    await settle(fixture);
    expect(draftsPage).toHaveBeenCalledWith({ status: 'pending', order: 'asc', limit: 50 });
    const el: HTMLElement = fixture.nativeElement;
    const bodies = () => Array.from(el.querySelectorAll('.body')).map((p) => p.textContent?.trim());
    expect(bodies()).toEqual(['body a', 'body b']);
    expect(el.textContent).toContain('2+ pending');

    frames.next({ id: '1-0', type: 'draft.created', workspaceId: 'w', at: '', data: d('late', '2026-05-04T00:00:00Z') });
    await settle(fixture);
    expect(bodies()).toEqual(['body a', 'body b']);

    const more = Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.includes('Load more drafts')) as HTMLButtonElement;
    more.click();
    await settle(fixture);
    expect(draftsPage).toHaveBeenLastCalledWith({ status: 'pending', order: 'asc', limit: 50, cursor: 'after-b' });
    expect(bodies()).toEqual(['body a', 'body b', 'body c']);
    expect(el.textContent).toContain('3 pending');
    expect(Array.from(el.querySelectorAll('button')).some((b) => b.textContent?.includes('Load more drafts'))).toBe(false);

    frames.next({ id: '2-0', type: 'draft.updated', workspaceId: 'w', at: '', data: d('a', '2026-05-01T00:00:00Z', 'approved') });
    await settle(fixture);
    expect(bodies()).toEqual(['body b', 'body c']);
  });
});

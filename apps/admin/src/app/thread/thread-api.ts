import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { DraftStatus, DraftView, MessageView, Page, TimelineEventView } from '@parley/contracts';
import { Observable, firstValueFrom, fromEvent, takeUntil } from 'rxjs';

/** `asc` oldest first (the API's default), `desc` newest first with each `nextCursor` further back. */
export type PageOrder = 'asc' | 'desc';

export interface OrderedPage {
  limit?: number;
  cursor?: string | null;
  order?: PageOrder;
}

export interface DraftPageQuery extends OrderedPage {
  status?: DraftStatus;
  conversationId?: string;
}

const BASE = '/api/v1';

function params(query: object): HttpParams {
  let p = new HttpParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p = p.set(k, String(v));
  return p;
}

/**
 * The calls of the thread, composer and drafts page that the shared client (core/api.service.ts) does
 * not take yet. Move them into ApiService and delete this file:
 * - `messagesPage`: `GET /conversations/:id/messages` with `order` (`desc`: open a long thread at its end)
 * - `timelinePage`: `GET /conversations/:id/timeline` with `order`
 * - `retryMessage`: `POST /conversations/:id/messages/:messageId/retry` (201 a new queued message naming
 *   the failed one in `retryOf`; 409 accepted by the provider or already retried; 422 has attachments)
 * - `draftsPage`: `GET /drafts` with `order` (`asc`: the queue, oldest waiting first)
 */
@Injectable({ providedIn: 'root' })
export class ThreadApi {
  private readonly http = inject(HttpClient);

  messagesPage(conversationId: string, page: OrderedPage, o?: { signal?: AbortSignal }): Promise<Page<MessageView>> {
    return run(this.http.get<Page<MessageView>>(`${BASE}/conversations/${conversationId}/messages`, { params: params(page) }), o?.signal);
  }

  timelinePage(conversationId: string, page: OrderedPage, o?: { signal?: AbortSignal }): Promise<Page<TimelineEventView>> {
    return run(this.http.get<Page<TimelineEventView>>(`${BASE}/conversations/${conversationId}/timeline`, { params: params(page) }), o?.signal);
  }

  retryMessage(conversationId: string, messageId: string): Promise<MessageView> {
    return run(this.http.post<MessageView>(`${BASE}/conversations/${conversationId}/messages/${messageId}/retry`, {}));
  }

  draftsPage(query: DraftPageQuery, o?: { signal?: AbortSignal }): Promise<Page<DraftView>> {
    return run(this.http.get<Page<DraftView>>(`${BASE}/drafts`, { params: params(query) }), o?.signal);
  }
}

/** Same contract as ApiService's calls: a Promise, cancelled through an AbortSignal (rejects with AbortError). */
function run<T>(request: Observable<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return firstValueFrom(request);
  if (signal.aborted) return Promise.reject(new DOMException('Aborted', 'AbortError'));
  return firstValueFrom(request.pipe(takeUntil(fromEvent(signal, 'abort'))), { defaultValue: undefined as T }).then((v) => {
    if (signal.aborted) throw new DOMException('Aborted', 'AbortError');
    return v;
  });
}

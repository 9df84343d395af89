import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ActivityType,
  AssistantState,
  AttachmentView,
  BookingView,
  CampaignListItem,
  ChannelAccountView,
  ChannelKind,
  ContactDetail,
  ContactView,
  ConversationCounts,
  ConversationListItem,
  ConversationStatus,
  ConversationView,
  DraftStatus,
  DraftView,
  MeView,
  MessageView,
  NoteView,
  Page,
  ReplyState,
  TemplateView,
  TimelineEventView,
  UserView,
} from '@parley/contracts';
import { Observable, firstValueFrom, fromEvent, takeUntil } from 'rxjs';

/** Every call of the client is a Promise; pass `{ signal }` to cancel (e.g. a superseded search). */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface PageParams {
  limit?: number;
  cursor?: string | null;
}

/** Filters of `GET /conversations` and `GET /conversations/counts` (API.md), as the client holds them. */
export interface ConversationFilter {
  status?: ConversationStatus[];
  /** user ids, `me`, `none` */
  assigneeId?: string[];
  channel?: ChannelKind[];
  channelAccountId?: string[];
  replyState?: ReplyState[];
  /** last activity at or after, ISO-8601 or `YYYY-MM-DD` */
  from?: string;
  /** last activity at or before, ISO-8601 or `YYYY-MM-DD` (a date includes that day) */
  to?: string;
  q?: string;
  unread?: boolean;
  requiresAction?: boolean;
  archived?: boolean;
  contactId?: string;
  campaignId?: string;
}

export interface ConversationListParams extends ConversationFilter, PageParams {
  groupBy?: 'contact';
}

/** The actions of `POST /conversations/:id/<action>` that take no body. */
export type ConversationAction = 'read' | 'unread' | 'archive' | 'unarchive' | 'resolve' | 'reopen' | 'unassign';

export interface MessageContent {
  body?: string;
  html?: string;
  subject?: string;
  templateId?: string;
  templateParams?: string[];
}

export interface SendMessageBody extends MessageContent {
  /** reply on another channel of the same contact */
  channelAccountId?: string;
  attachmentIds?: string[];
  /** the newest message the sender had seen; a crossing reply comes back as `collision` */
  seenMessageId?: string;
}

export interface CreateConversationBody extends MessageContent {
  channelAccountId: string;
  contact: { name: string; phone?: string; email?: string };
}

/** `POST /conversations` answers the new conversation with its first message (when one was sent). */
export type CreatedConversation = ConversationView & { message?: MessageView | null };

export interface CreateBookingBody {
  externalId: string;
  jobType: string;
  url?: string;
}

export interface LogActivityBody {
  type: ActivityType;
  kind: string;
  body?: string;
  occurredAt?: string;
  /** opportunity: the stage it moved to (required) and the one it left */
  stage?: string;
  previousStage?: string;
  /** opportunity: its name in the CRM */
  opportunity?: string;
  /** sequence (required): the sequence enrolled in */
  sequence?: string;
}

export interface ContactPatch {
  name?: string;
  email?: string;
  phone?: string;
  company?: string;
  externalId?: string;
  metadata?: Record<string, unknown>;
  blocked?: boolean;
}

export interface DraftQuery extends PageParams {
  status?: DraftStatus;
  conversationId?: string;
}

const BASE = '/api/v1';

/** Query params: arrays as csv, booleans as `true`/`false`, empty values dropped. */
export function toHttpParams(query: object): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params = params.set(key, value.join(','));
    } else {
      params = params.set(key, String(value));
    }
  }
  return params;
}

/**
 * The typed client of API.md for the operator dashboard. Shapes come from `@parley/contracts`; request
 * bodies mirror the server's DTOs (libs/core/**\/*.dto.ts). Errors reject with the HttpErrorResponse,
 * whose `error` is the API's `ApiError`.
 */
@Injectable({ providedIn: 'root' })
export class ApiService {
  private readonly http = inject(HttpClient);

  // ---- users ----
  me(o?: CallOptions): Promise<MeView> {
    return this.run(this.http.get<MeView>(`${BASE}/me`), o);
  }

  users(o?: CallOptions): Promise<Page<UserView>> {
    return this.run(this.http.get<Page<UserView>>(`${BASE}/users`), o);
  }

  // ---- conversations ----
  conversations(params: ConversationListParams = {}, o?: CallOptions): Promise<Page<ConversationListItem>> {
    return this.run(this.http.get<Page<ConversationListItem>>(`${BASE}/conversations`, { params: toHttpParams(params) }), o);
  }

  /** Per status under the same filters (status ignored). */
  conversationCounts(filter: ConversationFilter = {}, o?: CallOptions): Promise<ConversationCounts> {
    // The counts endpoint takes no paging, grouping or status.
    const query: ConversationListParams = { ...filter };
    delete query.status;
    delete query.limit;
    delete query.cursor;
    delete query.groupBy;
    return this.run(this.http.get<ConversationCounts>(`${BASE}/conversations/counts`, { params: toHttpParams(query) }), o);
  }

  conversation(id: string, o?: CallOptions): Promise<ConversationView> {
    return this.run(this.http.get<ConversationView>(`${BASE}/conversations/${id}`), o);
  }

  createConversation(body: CreateConversationBody, o?: CallOptions): Promise<CreatedConversation> {
    return this.run(this.http.post<CreatedConversation>(`${BASE}/conversations`, body), o);
  }

  /** Irreversible: its messages, notes and files are gone. */
  deleteConversation(id: string, o?: CallOptions): Promise<void> {
    return this.run(this.http.delete<void>(`${BASE}/conversations/${id}`), o);
  }

  /** read, unread, archive, unarchive, resolve, reopen, unassign: answers the conversation as it now is. */
  conversationAction(id: string, action: ConversationAction, o?: CallOptions): Promise<ConversationView> {
    return this.run(this.http.post<ConversationView>(`${BASE}/conversations/${id}/${action}`, {}), o);
  }

  markRead(id: string, o?: CallOptions) {
    return this.conversationAction(id, 'read', o);
  }
  markUnread(id: string, o?: CallOptions) {
    return this.conversationAction(id, 'unread', o);
  }
  archive(id: string, o?: CallOptions) {
    return this.conversationAction(id, 'archive', o);
  }
  unarchive(id: string, o?: CallOptions) {
    return this.conversationAction(id, 'unarchive', o);
  }
  resolve(id: string, o?: CallOptions) {
    return this.conversationAction(id, 'resolve', o);
  }
  reopen(id: string, o?: CallOptions) {
    return this.conversationAction(id, 'reopen', o);
  }
  unassign(id: string, o?: CallOptions) {
    return this.conversationAction(id, 'unassign', o);
  }

  escalate(id: string, reason: string, o?: CallOptions): Promise<ConversationView> {
    return this.run(this.http.post<ConversationView>(`${BASE}/conversations/${id}/escalate`, { reason }), o);
  }

  /** `assigneeId`: a user id or `me`. */
  assign(id: string, assigneeId: string, o?: CallOptions): Promise<ConversationView> {
    return this.run(this.http.post<ConversationView>(`${BASE}/conversations/${id}/assign`, { assigneeId }), o);
  }

  setAssistant(id: string, state: AssistantState, o?: CallOptions): Promise<ConversationView> {
    return this.run(this.http.put<ConversationView>(`${BASE}/conversations/${id}/assistant`, { state }), o);
  }

  // ---- messages, notes, timeline, bookings, activities ----
  /** Oldest first, keyset paged. */
  messages(conversationId: string, page: PageParams = {}, o?: CallOptions): Promise<Page<MessageView>> {
    return this.run(this.http.get<Page<MessageView>>(`${BASE}/conversations/${conversationId}/messages`, { params: toHttpParams(page) }), o);
  }

  /** 201 with `deliveryStatus: "queued"`; `collision` set when someone else replied after `seenMessageId`. */
  sendMessage(conversationId: string, body: SendMessageBody, o?: CallOptions): Promise<MessageView> {
    return this.run(this.http.post<MessageView>(`${BASE}/conversations/${conversationId}/messages`, body), o);
  }

  notes(conversationId: string, page: PageParams = {}, o?: CallOptions): Promise<Page<NoteView>> {
    return this.run(this.http.get<Page<NoteView>>(`${BASE}/conversations/${conversationId}/notes`, { params: toHttpParams(page) }), o);
  }

  addNote(conversationId: string, body: string, o?: CallOptions): Promise<NoteView> {
    return this.run(this.http.post<NoteView>(`${BASE}/conversations/${conversationId}/notes`, { body }), o);
  }

  /** Oldest first, keyset paged. */
  timeline(conversationId: string, page: PageParams = {}, o?: CallOptions): Promise<Page<TimelineEventView>> {
    return this.run(this.http.get<Page<TimelineEventView>>(`${BASE}/conversations/${conversationId}/timeline`, { params: toHttpParams(page) }), o);
  }

  addBooking(conversationId: string, body: CreateBookingBody, o?: CallOptions): Promise<BookingView> {
    return this.run(this.http.post<BookingView>(`${BASE}/conversations/${conversationId}/bookings`, body), o);
  }

  cancelBooking(bookingId: string, o?: CallOptions): Promise<BookingView> {
    return this.run(this.http.post<BookingView>(`${BASE}/bookings/${bookingId}/cancel`, {}), o);
  }

  logActivity(conversationId: string, body: LogActivityBody, o?: CallOptions): Promise<TimelineEventView> {
    return this.run(this.http.post<TimelineEventView>(`${BASE}/conversations/${conversationId}/activities`, body), o);
  }

  // ---- drafts ----
  /** Newest first; `status: 'pending'` is the approval queue. */
  drafts(query: DraftQuery = {}, o?: CallOptions): Promise<Page<DraftView>> {
    return this.run(this.http.get<Page<DraftView>>(`${BASE}/drafts`, { params: toHttpParams(query) }), o);
  }

  /** `body`: edited text to send instead of the draft's. */
  approveDraft(id: string, body?: string, o?: CallOptions): Promise<DraftView> {
    return this.run(this.http.post<DraftView>(`${BASE}/drafts/${id}/approve`, body ? { body } : {}), o);
  }

  rejectDraft(id: string, reason?: string, o?: CallOptions): Promise<DraftView> {
    return this.run(this.http.post<DraftView>(`${BASE}/drafts/${id}/reject`, reason ? { reason } : {}), o);
  }

  // ---- contacts ----
  contacts(query: { q?: string } & PageParams = {}, o?: CallOptions): Promise<Page<ContactView>> {
    return this.run(this.http.get<Page<ContactView>>(`${BASE}/contacts`, { params: toHttpParams(query) }), o);
  }

  contact(id: string, o?: CallOptions): Promise<ContactDetail> {
    return this.run(this.http.get<ContactDetail>(`${BASE}/contacts/${id}`), o);
  }

  updateContact(id: string, patch: ContactPatch, o?: CallOptions): Promise<ContactView> {
    return this.run(this.http.patch<ContactView>(`${BASE}/contacts/${id}`, patch), o);
  }

  pauseAi(contactId: string, reason?: string, o?: CallOptions): Promise<ContactView> {
    return this.run(this.http.post<ContactView>(`${BASE}/contacts/${contactId}/ai-pause`, reason ? { reason } : {}), o);
  }

  resumeAi(contactId: string, o?: CallOptions): Promise<ContactView> {
    return this.run(this.http.post<ContactView>(`${BASE}/contacts/${contactId}/ai-resume`, {}), o);
  }

  /** The other contact's identities and conversations move to `contactId` (API.md). */
  mergeContact(contactId: string, otherContactId: string, o?: CallOptions): Promise<ContactDetail> {
    return this.run(this.http.post<ContactDetail>(`${BASE}/contacts/${contactId}/merge`, { contactId: otherContactId }), o);
  }

  // ---- channels, templates, campaigns, files ----
  channelAccounts(o?: CallOptions): Promise<Page<ChannelAccountView>> {
    return this.run(this.http.get<Page<ChannelAccountView>>(`${BASE}/channel-accounts`), o);
  }

  templates(channelAccountId?: string, o?: CallOptions): Promise<Page<TemplateView>> {
    return this.run(this.http.get<Page<TemplateView>>(`${BASE}/templates`, { params: toHttpParams({ channelAccountId }) }), o);
  }

  campaigns(o?: CallOptions): Promise<Page<CampaignListItem>> {
    return this.run(this.http.get<Page<CampaignListItem>>(`${BASE}/campaigns`), o);
  }

  /** One file per request, multipart field `file`; attach it with `attachmentIds`. */
  uploadAttachment(file: Blob, filename?: string, o?: CallOptions): Promise<AttachmentView> {
    const form = new FormData();
    form.append('file', file, filename ?? (file instanceof File ? file.name : 'file'));
    return this.run(this.http.post<AttachmentView>(`${BASE}/attachments`, form), o);
  }

  /** Attachment bytes need the bearer token: fetch them as a Blob (then `URL.createObjectURL`). */
  attachmentBlob(id: string, o?: CallOptions): Promise<Blob> {
    return this.run(this.http.get(`${BASE}/attachments/${id}`, { responseType: 'blob' }), o);
  }

  private run<T>(request: Observable<T>, o?: CallOptions): Promise<T> {
    const signal = o?.signal;
    if (!signal) return firstValueFrom(request, { defaultValue: undefined as T });
    if (signal.aborted) return Promise.reject(new DOMException('Aborted', 'AbortError'));
    return firstValueFrom(request.pipe(takeUntil(fromEvent(signal, 'abort'))), { defaultValue: undefined as T }).then((v) => {
      if (signal.aborted) throw new DOMException('Aborted', 'AbortError');
      return v;
    });
  }
}

/** True for the rejection of a call cancelled through its AbortSignal. */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

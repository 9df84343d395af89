import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ApiKeyCreated,
  ApiKeyView,
  AssistantSettingsView,
  AssistantTrial,
  AutonomyPolicyView,
  AutonomyPreview,
  CampaignLaunchView,
  CampaignListItem,
  CampaignView,
  ChannelAccountView,
  ChannelKind,
  ConnectionCheck,
  ConversationListItem,
  KnowledgeArticleView,
  KnowledgeGapView,
  MessageView,
  Page,
  TemplateView,
  UserRole,
  UserView,
  WorkspaceView,
} from '@parley/contracts';
import { firstValueFrom, type Observable } from 'rxjs';

const BASE = '/api/v1';

/** A JSON schema as `GET /plugins` serves it (class-validator-jsonschema output, secrets marked writeOnly). */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  writeOnly?: boolean;
  description?: string;
  $ref?: string;
}

/** An installed plugin (`GET /plugins`): a channel or an AI provider, with its config schema. */
export interface PluginView {
  id: string;
  kind: 'channel' | 'ai';
  channel?: ChannelKind;
  displayName: string;
  capabilities?: Record<string, unknown>;
  configSchema: JsonSchema;
  /** Dotted paths of the secret fields, e.g. `smtp.password`. */
  secretFields: string[];
}

/** A failed send in the delivery queue (`GET /dead-letters`). */
export interface DeadLetterView {
  id: string;
  messageId: string;
  conversationId: string | null;
  channelAccountId: string | null;
  error: { code: string | null; message: string | null };
  attempts: number;
  failedAt: string | null;
}

export interface WorkspacePatch {
  name?: string;
  timezone?: string;
  settings?: { escalationSlaMinutes?: number; bookingUrlTemplate?: string | null; followUpHours?: number | null };
}

export interface ArticleInput {
  title: string;
  body: string;
  tags?: string[];
  published?: boolean;
}

export interface CampaignInput {
  name: string;
  channelAccountId: string;
  templateId?: string;
  templateParams?: string[];
  contacts?: { name: string; phone?: string; email?: string }[];
}

/**
 * The admin pages' calls (settings and knowledge), typed with `@parley/contracts`. Request bodies mirror
 * the server's DTOs (libs/core/**\/*.dto.ts). Errors reject with the HttpErrorResponse (its `error` is the ApiError).
 */
@Injectable({ providedIn: 'root' })
export class SettingsApi {
  private readonly http = inject(HttpClient);

  private run<T>(call: Observable<T>): Promise<T> {
    return firstValueFrom(call);
  }

  workspace(): Promise<WorkspaceView> {
    return this.run(this.http.get<WorkspaceView>(`${BASE}/workspace`));
  }
  updateWorkspace(patch: WorkspacePatch): Promise<WorkspaceView> {
    return this.run(this.http.patch<WorkspaceView>(`${BASE}/workspace`, patch));
  }

  autonomy(): Promise<AutonomyPolicyView> {
    return this.run(this.http.get<AutonomyPolicyView>(`${BASE}/autonomy`));
  }
  saveAutonomy(policy: AutonomyPolicyView): Promise<AutonomyPolicyView> {
    return this.run(this.http.put<AutonomyPolicyView>(`${BASE}/autonomy`, policy));
  }
  /** The server's decision table for an unsaved policy (nothing is saved). */
  previewAutonomy(policy: AutonomyPolicyView): Promise<AutonomyPreview> {
    return this.run(this.http.post<AutonomyPreview>(`${BASE}/autonomy/preview`, policy));
  }

  plugins(): Promise<Page<PluginView>> {
    return this.run(this.http.get<Page<PluginView>>(`${BASE}/plugins`));
  }
  channelAccounts(): Promise<Page<ChannelAccountView>> {
    return this.run(this.http.get<Page<ChannelAccountView>>(`${BASE}/channel-accounts`));
  }
  createChannelAccount(body: { plugin: string; name: string; config: Record<string, unknown> }): Promise<ChannelAccountView> {
    return this.run(this.http.post<ChannelAccountView>(`${BASE}/channel-accounts`, body));
  }
  updateChannelAccount(id: string, patch: { name?: string; config?: Record<string, unknown>; active?: boolean }): Promise<ChannelAccountView> {
    return this.run(this.http.patch<ChannelAccountView>(`${BASE}/channel-accounts/${id}`, patch));
  }
  deleteChannelAccount(id: string): Promise<void> {
    return this.run(this.http.delete<void>(`${BASE}/channel-accounts/${id}`));
  }
  checkChannelAccount(id: string): Promise<ConnectionCheck> {
    return this.run(this.http.post<ConnectionCheck>(`${BASE}/channel-accounts/${id}/check`, {}));
  }

  assistant(): Promise<AssistantSettingsView> {
    return this.run(this.http.get<AssistantSettingsView>(`${BASE}/assistant`));
  }
  saveAssistant(body: { provider?: string; config?: Record<string, unknown>; enabled?: boolean }): Promise<AssistantSettingsView> {
    return this.run(this.http.put<AssistantSettingsView>(`${BASE}/assistant`, body));
  }
  tryAssistant(question: string, channelAccountId?: string): Promise<AssistantTrial> {
    return this.run(this.http.post<AssistantTrial>(`${BASE}/assistant/try`, channelAccountId ? { question, channelAccountId } : { question }));
  }

  articles(cursor?: string | null): Promise<Page<KnowledgeArticleView>> {
    let params = new HttpParams().set('limit', 200);
    if (cursor) params = params.set('cursor', cursor);
    return this.run(this.http.get<Page<KnowledgeArticleView>>(`${BASE}/knowledge`, { params }));
  }
  createArticle(body: ArticleInput): Promise<KnowledgeArticleView> {
    return this.run(this.http.post<KnowledgeArticleView>(`${BASE}/knowledge`, body));
  }
  updateArticle(id: string, body: Partial<ArticleInput>): Promise<KnowledgeArticleView> {
    return this.run(this.http.patch<KnowledgeArticleView>(`${BASE}/knowledge/${id}`, body));
  }
  deleteArticle(id: string): Promise<void> {
    return this.run(this.http.delete<void>(`${BASE}/knowledge/${id}`));
  }
  knowledgeGaps(): Promise<{ items: KnowledgeGapView[]; from: string; to: string }> {
    return this.run(this.http.get<{ items: KnowledgeGapView[]; from: string; to: string }>(`${BASE}/reports/knowledge-gaps`));
  }

  users(): Promise<Page<UserView>> {
    return this.run(this.http.get<Page<UserView>>(`${BASE}/users`));
  }
  inviteUser(body: { email: string; name: string; password: string; role: UserRole }): Promise<UserView> {
    return this.run(this.http.post<UserView>(`${BASE}/users`, body));
  }
  updateUser(id: string, patch: { role?: UserRole; name?: string; password?: string }): Promise<UserView> {
    return this.run(this.http.patch<UserView>(`${BASE}/users/${id}`, patch));
  }
  removeUser(id: string): Promise<void> {
    return this.run(this.http.delete<void>(`${BASE}/users/${id}`));
  }

  apiKeys(): Promise<Page<ApiKeyView>> {
    return this.run(this.http.get<Page<ApiKeyView>>(`${BASE}/api-keys`));
  }
  createApiKey(name: string): Promise<ApiKeyCreated> {
    return this.run(this.http.post<ApiKeyCreated>(`${BASE}/api-keys`, { name }));
  }
  revokeApiKey(id: string): Promise<void> {
    return this.run(this.http.delete<void>(`${BASE}/api-keys/${id}`));
  }

  templates(): Promise<Page<TemplateView>> {
    return this.run(this.http.get<Page<TemplateView>>(`${BASE}/templates`));
  }
  createTemplate(body: { channelAccountId: string; name: string; language?: string; body: string }): Promise<TemplateView> {
    return this.run(this.http.post<TemplateView>(`${BASE}/templates`, body));
  }
  campaigns(): Promise<Page<CampaignListItem>> {
    return this.run(this.http.get<Page<CampaignListItem>>(`${BASE}/campaigns`));
  }
  launchCampaign(body: CampaignInput): Promise<CampaignLaunchView | CampaignView> {
    return this.run(this.http.post<CampaignLaunchView | CampaignView>(`${BASE}/campaigns`, body));
  }
  /** The conversations a campaign started (their last message carries the delivery status on the card). */
  campaignConversations(campaignId: string): Promise<Page<ConversationListItem>> {
    const params = new HttpParams().set('campaignId', campaignId).set('archived', 'false').set('limit', 200);
    return this.run(this.http.get<Page<ConversationListItem>>(`${BASE}/conversations`, { params }));
  }

  /** The account's most recent conversation (its last activity): `limit=1` of the list, newest first. */
  latestConversation(channelAccountId: string): Promise<Page<ConversationListItem>> {
    const params = new HttpParams().set('channelAccountId', channelAccountId).set('limit', 1);
    return this.run(this.http.get<Page<ConversationListItem>>(`${BASE}/conversations`, { params }));
  }

  /** A conversation's first message (a campaign's: the template it sent), with its delivery status. */
  firstMessage(conversationId: string): Promise<Page<MessageView>> {
    const params = new HttpParams().set('limit', 1).set('order', 'asc');
    return this.run(this.http.get<Page<MessageView>>(`${BASE}/conversations/${conversationId}/messages`, { params }));
  }

  deadLetters(): Promise<Page<DeadLetterView>> {
    return this.run(this.http.get<Page<DeadLetterView>>(`${BASE}/dead-letters`));
  }
  retryDeadLetter(id: string): Promise<{ id: string; messageId: string; status: string }> {
    return this.run(this.http.post<{ id: string; messageId: string; status: string }>(`${BASE}/dead-letters/${encodeURIComponent(id)}/retry`, {}));
  }
}

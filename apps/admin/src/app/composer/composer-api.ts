import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { KnowledgeArticleView, Page } from '@parley/contracts';
import { firstValueFrom } from 'rxjs';

/** A channel plugin's capabilities as `GET /plugins` reports them. */
export interface ChannelCapabilities {
  messagingWindowHours?: number;
  templates?: boolean;
  attachments?: { maxBytes: number; mimeTypes: string[] };
  html?: boolean;
  subject?: boolean;
}

export interface PluginInfo {
  id: string;
  kind: 'channel' | 'ai';
  channel?: string;
  displayName: string;
  capabilities?: ChannelCapabilities;
}

/**
 * The two reads the composer needs that the shared ApiService (core/api.service.ts) does not have yet:
 * `GET /plugins` (channel capabilities: subject/HTML, templates, messaging window, attachment limits) and
 * `GET /knowledge` (the source of canned responses on "/"). Move them there and delete this file.
 */
@Injectable({ providedIn: 'root' })
export class ComposerApi {
  private readonly http = inject(HttpClient);
  private plugins?: Promise<PluginInfo[]>;
  private knowledge?: Promise<KnowledgeArticleView[]>;

  channelPlugins(): Promise<PluginInfo[]> {
    this.plugins ??= firstValueFrom(this.http.get<Page<PluginInfo>>('/api/v1/plugins')).then(
      (p) => p.items.filter((i) => i.kind === 'channel'),
      (err) => {
        this.plugins = undefined;
        throw err;
      },
    );
    return this.plugins;
  }

  /** Published articles, newest first (one page of 200 is plenty for canned replies). */
  cannedResponses(): Promise<KnowledgeArticleView[]> {
    this.knowledge ??= firstValueFrom(this.http.get<Page<KnowledgeArticleView>>('/api/v1/knowledge', { params: { limit: 200 } })).then(
      (p) => p.items.filter((a) => a.published),
      (err) => {
        this.knowledge = undefined;
        throw err;
      },
    );
    return this.knowledge;
  }
}

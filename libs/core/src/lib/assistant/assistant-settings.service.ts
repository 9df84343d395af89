import { BadRequestException, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AiProvider } from '@parley/plugin-sdk';
import type { AssistantSettingsView } from '@parley/contracts';
import { Workspace, type StoredAssistantSettings } from '../workspace/workspace.entity';
import { PluginRegistry } from '../plugin-host/plugin-registry';
import { PluginConfigService, type Plain } from '../plugin-host/plugin-config';
import type { AssistantSettingsDto } from './assistant.dto';

/** Until an admin picks one, every workspace is answered by the built-in rules assistant. */
export const DEFAULT_ASSISTANT: StoredAssistantSettings = { enabled: true, provider: 'rules', config: {}, secrets: null };

/** The workspace's choice of AI provider (`GET|PUT /api/v1/assistant`), kept in its settings. */
@Injectable()
export class AssistantSettingsService {
  constructor(
    private readonly registry: PluginRegistry,
    private readonly configs: PluginConfigService,
  ) {}

  async get(em: EntityManager, workspaceId: string): Promise<StoredAssistantSettings> {
    const workspace = await em.findOneOrFail(Workspace, workspaceId, { fields: ['settings'] });
    return workspace.settings.assistant ?? DEFAULT_ASSISTANT;
  }

  /** The provider and its decrypted config, for a turn; null when the assistant is off for the workspace. */
  async resolve(em: EntityManager, workspaceId: string): Promise<{ provider: AiProvider | undefined; id: string; config: Plain } | null> {
    const settings = await this.get(em, workspaceId);
    if (!settings.enabled) return null;
    return { provider: this.registry.findAiProvider(settings.provider), id: settings.provider, config: this.configs.full(settings) };
  }

  view(settings: StoredAssistantSettings): AssistantSettingsView {
    return {
      enabled: settings.enabled,
      provider: settings.provider,
      config: this.configs.mask(this.registry.findAiProvider(settings.provider)?.configClass, settings),
      providers: this.registry.listAiProviders().map((p) => ({ id: p.id, displayName: p.displayName })),
    };
  }

  /** Same provider: the config is a partial update (secrets kept unless given). Another provider: a fresh config. */
  async update(em: EntityManager, workspaceId: string, dto: AssistantSettingsDto): Promise<StoredAssistantSettings> {
    const workspace = await em.findOneOrFail(Workspace, workspaceId);
    const current = workspace.settings.assistant ?? DEFAULT_ASSISTANT;
    const providerId = dto.provider ?? current.provider;
    const provider = this.registry.findAiProvider(providerId);
    if (!provider) {
      const installed =
        this.registry
          .listAiProviders()
          .map((p) => p.id)
          .join(', ') || 'none';
      throw new BadRequestException({
        message: `AI provider "${providerId}" is not installed (installed: ${installed})`,
        details: [{ field: 'provider', errors: [`unknown provider "${providerId}"`] }],
      });
    }
    const raw = providerId === current.provider ? this.configs.merge(provider.configClass, current, dto.config ?? {}) : (dto.config ?? {});
    const stored = this.configs.store(provider.configClass, raw);
    const next: StoredAssistantSettings = { enabled: dto.enabled ?? current.enabled, provider: provider.id, ...stored };
    workspace.settings = { ...workspace.settings, assistant: next };
    await em.flush();
    return next;
  }
}

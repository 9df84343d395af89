import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { secretPaths, type ChannelPlugin } from '@parley/plugin-sdk';
import type { ChannelAccountView } from '@parley/contracts';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { PluginRegistry } from '../plugin-host/plugin-registry';
import { SecretBox } from '../plugin-host/secret-box';
import { ChannelAccount } from './channel-account.entity';
import type { CreateChannelAccountDto, UpdateChannelAccountDto } from './channel-account.dto';

type Plain = Record<string, unknown>;

const getPath = (o: Plain, path: string): unknown => path.split('.').reduce<unknown>((acc, k) => (acc as Plain | undefined)?.[k], o);
function setPath(o: Plain, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  const parent = keys.reduce<Plain>((acc, k) => (acc[k] ??= {}) as Plain, o);
  parent[last] = value;
}
function deletePath(o: Plain, path: string): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  const parent = keys.reduce<Plain | undefined>((acc, k) => acc?.[k] as Plain | undefined, o);
  if (parent) delete parent[last];
}

function flattenErrors(errors: ValidationError[], parent: string): { field: string; errors: string[] }[] {
  return errors.flatMap((e) => {
    const field = `${parent}.${e.property}`;
    return [...(e.constraints ? [{ field, errors: Object.values(e.constraints) }] : []), ...flattenErrors(e.children ?? [], field)];
  });
}

@Injectable()
export class ChannelAccountService {
  constructor(
    private readonly em: EntityManager,
    private readonly registry: PluginRegistry,
    private readonly secrets: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  webhookUrl(account: Pick<ChannelAccount, 'id' | 'plugin'>): string {
    return `${this.config.publicUrl}/webhooks/${account.plugin}/${account.id}`;
  }

  toView(account: ChannelAccount): ChannelAccountView {
    const plugin = this.registry.findChannel(account.plugin);
    const config: Plain = structuredClone(account.config);
    const stored = this.secrets.open(account.secrets);
    const paths = plugin ? secretPaths(plugin.configClass) : Object.keys(stored);
    for (const path of paths) {
      setPath(config, path, null);
      setPath(config, `${path}Set`, getPath(stored, path) !== undefined && getPath(stored, path) !== null);
    }
    return {
      id: account.id,
      plugin: account.plugin,
      channel: account.channel,
      name: account.name,
      config,
      webhookUrl: this.webhookUrl(account),
      active: account.active,
      createdAt: account.createdAt.toISOString(),
    };
  }

  /** Decrypted config, for the plugin that sends through this account. */
  fullConfig(account: ChannelAccount): Plain {
    const config: Plain = structuredClone(account.config);
    const stored = this.secrets.open(account.secrets);
    const walk = (o: Plain, prefix: string) => {
      for (const [k, v] of Object.entries(o)) {
        if (v && typeof v === 'object' && !Array.isArray(v)) walk(v as Plain, `${prefix}${k}.`);
        else setPath(config, prefix + k, v);
      }
    };
    walk(stored, '');
    return config;
  }

  /** Pass `em` to create inside a caller's transaction (the demo seed); otherwise flushes itself. */
  async create(workspaceId: string, dto: CreateChannelAccountDto, em?: EntityManager): Promise<ChannelAccount> {
    const plugin = this.pluginOrBadRequest(dto.plugin);
    const account = new ChannelAccount();
    Object.assign(account, { workspace: workspaceId, plugin: plugin.id, channel: plugin.channel, name: dto.name });
    this.applyConfig(account, plugin, dto.config);
    if (em) em.persist(account);
    else await this.em.persist(account).flush();
    return account;
  }

  async update(id: string, dto: UpdateChannelAccountDto): Promise<ChannelAccount> {
    const account = await this.em.findOneOrFail(ChannelAccount, id);
    if (dto.name !== undefined) account.name = dto.name;
    if (dto.active !== undefined) account.active = dto.active;
    if (dto.config) {
      const plugin = this.pluginOrBadRequest(account.plugin);
      const merged = this.fullConfig(account);
      const secret = new Set(secretPaths(plugin.configClass));
      const merge = (target: Plain, patch: Plain, prefix: string) => {
        for (const [k, v] of Object.entries(patch)) {
          const path = prefix + k;
          // `<secret>Set` flags are read-only echoes of the masked view.
          if (k.endsWith('Set') && secret.has(path.slice(0, -3))) continue;
          if (v === null) {
            // Secrets are write-only: the admin form sends null (or omits them) to keep the stored value.
            // Any other field set to null is cleared (e.g. switching fromNumber for messagingServiceSid).
            if (!secret.has(path)) delete target[k];
            continue;
          }
          const current = target[k];
          if (typeof v === 'object' && !Array.isArray(v) && current && typeof current === 'object' && !Array.isArray(current)) {
            merge(current as Plain, v as Plain, `${path}.`);
          } else target[k] = v;
        }
      };
      merge(merged, dto.config, '');
      this.applyConfig(account, plugin, merged);
    }
    await this.em.flush();
    return account;
  }

  private pluginOrBadRequest(id: string): ChannelPlugin {
    const plugin = this.registry.findChannel(id);
    if (!plugin) {
      const installed = this.registry.listChannels().map((p) => p.id).join(', ') || 'none';
      throw new BadRequestException({
        message: `plugin "${id}" is not installed (installed: ${installed})`,
        details: [{ field: 'plugin', errors: [`unknown plugin "${id}"`] }],
      });
    }
    return plugin;
  }

  /** Validates with the plugin's own config class (400 naming `config.<field>`), then splits secrets out. */
  private applyConfig(account: ChannelAccount, plugin: ChannelPlugin, raw: Plain): void {
    const instance = plainToInstance(plugin.configClass, raw);
    const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) {
      const details = flattenErrors(errors, 'config');
      throw new BadRequestException({ message: details.map((d) => `${d.field}: ${d.errors.join(', ')}`).join('; '), details });
    }
    const config = JSON.parse(JSON.stringify(instance)) as Plain;
    const secrets: Plain = {};
    for (const path of secretPaths(plugin.configClass)) {
      const value = getPath(config, path);
      if (value !== undefined) setPath(secrets, path, value);
      deletePath(config, path);
    }
    account.config = config;
    account.secrets = Object.keys(secrets).length ? this.secrets.seal(secrets) : null;
  }
}

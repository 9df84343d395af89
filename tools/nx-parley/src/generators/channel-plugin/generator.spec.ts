import { logger, readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { channelPluginGenerator, normalizeOptions } from './generator';

/** The root files the generator edits, as they look in Parley. */
const ROOT_JEST_CONFIG = `import type { Config } from 'jest';

// One Jest run over every project.
const config: Config = {
  projects: [
    '<rootDir>/libs/contracts',
    '<rootDir>/plugins/channel-sms',
  ],
  testTimeout: 60_000,
};

export default config;
`;

const ENABLED_PLUGINS = `import type { DynamicModule } from '@nestjs/common';
import { TwilioSmsPlugin } from '@parley/channel-sms';

/** The one list of enabled plugins: apps/api and apps/worker both compose exactly these. */
export const ENABLED_PLUGINS: DynamicModule[] = [
  TwilioSmsPlugin.forRoot({}),
];
`;

describe('channel-plugin generator', () => {
  let tree: Tree;

  afterEach(() => jest.restoreAllMocks());

  beforeEach(() => {
    jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    tree = createTreeWithEmptyWorkspace();
    tree.write('jest.config.ts', ROOT_JEST_CONFIG);
    tree.write('libs/enabled-plugins/src/index.ts', ENABLED_PLUGINS);
  });

  it('creates the plugin project with every file', async () => {
    await channelPluginGenerator(tree, { name: 'acme-chat', channel: 'webchat', displayName: 'Acme Chat' });

    const root = 'plugins/channel-acme-chat';
    for (const file of [
      'project.json',
      'tsconfig.json',
      'tsconfig.lib.json',
      'tsconfig.spec.json',
      'jest.config.ts',
      'eslint.config.mjs',
      'README.md',
      'src/index.ts',
      'src/lib/acme-chat.plugin.ts',
      'src/lib/acme-chat.channel.ts',
      'src/lib/acme-chat.config.ts',
      'src/lib/acme-chat.webhook.ts',
      'src/lib/acme-chat.channel.spec.ts',
      'src/lib/acme-chat.conformance.spec.ts',
    ]) {
      expect({ file, exists: tree.exists(`${root}/${file}`) }).toEqual({ file, exists: true });
    }
    expect(tree.children(`${root}/src/lib`).some((f) => f.includes('__') || f.endsWith('tmpl__'))).toBe(false);

    const project = readJson(tree, `${root}/project.json`);
    expect(project).toMatchObject({ name: 'channel-acme-chat', sourceRoot: `${root}/src`, projectType: 'library', tags: ['type:plugin'] });

    const channel = tree.read(`${root}/src/lib/acme-chat.channel.ts`, 'utf-8');
    expect(channel).toContain("@ChannelProvider({ id: 'acme-chat' })");
    expect(channel).toContain('export class AcmeChatChannel implements ChannelPlugin<AcmeChatConfig>');
    expect(channel).toContain("readonly channel = 'webchat' as const;");
    expect(channel).toContain("readonly displayName = 'Acme Chat';");
    expect(channel).not.toMatch(/<%|%>/);

    expect(tree.read(`${root}/src/lib/acme-chat.config.ts`, 'utf-8')).toMatch(
      /@Secret\(\)[\s\S]*apiKey: string;[\s\S]*@Secret\(\)[\s\S]*signingSecret: string;[\s\S]*apiBaseUrl\?: string;/,
    );
    expect(tree.read(`${root}/src/lib/acme-chat.webhook.ts`, 'utf-8')).toContain("'x-acme-chat-signature'");
    expect(tree.read(`${root}/src/lib/acme-chat.plugin.ts`, 'utf-8')).toContain('export class AcmeChatPlugin extends ConfigurableModuleClass');
    const conformance = tree.read(`${root}/src/lib/acme-chat.conformance.spec.ts`, 'utf-8');
    expect(conformance).toContain('describeChannelConformance<AcmeChatConfig>');
    expect(conformance).toContain('createTestApp({}, { plugins: [AcmeChatPlugin.forRoot({})] })');
    expect(conformance).toContain("createConformanceHost(t, 'acme-chat')");
    expect(tree.read(`${root}/src/index.ts`, 'utf-8')).toContain("export { AcmeChatPlugin, type AcmeChatPluginOptions } from './lib/acme-chat.plugin';");
  });

  it('adds the path alias and the Jest project, in the existing style', async () => {
    await channelPluginGenerator(tree, { name: 'acme-chat', channel: 'webchat' });

    expect(readJson(tree, 'tsconfig.base.json').compilerOptions.paths['@parley/channel-acme-chat']).toEqual(['plugins/channel-acme-chat/src/index.ts']);
    expect(tree.read('jest.config.ts', 'utf-8')).toBe(
      ROOT_JEST_CONFIG.replace("    '<rootDir>/plugins/channel-sms',\n", "    '<rootDir>/plugins/channel-sms',\n    '<rootDir>/plugins/channel-acme-chat',\n"),
    );
  });

  it('leaves the enabled plugins alone by default and enables the plugin with --enable', async () => {
    await channelPluginGenerator(tree, { name: 'acme-chat', channel: 'webchat' });
    expect(tree.read('libs/enabled-plugins/src/index.ts', 'utf-8')).toBe(ENABLED_PLUGINS);

    await channelPluginGenerator(tree, { name: 'beta-sms', channel: 'sms', enable: true });
    const enabled = tree.read('libs/enabled-plugins/src/index.ts', 'utf-8');
    expect(enabled).toContain("import { TwilioSmsPlugin } from '@parley/channel-sms';\nimport { BetaSmsPlugin } from '@parley/channel-beta-sms';\n");
    expect(enabled).toContain('  TwilioSmsPlugin.forRoot({}),\n  BetaSmsPlugin.forRoot({}),\n];');
  });

  it('fits the capabilities to the channel', async () => {
    await channelPluginGenerator(tree, { name: 'wa-box', channel: 'whatsapp' });
    await channelPluginGenerator(tree, { name: 'mail-box', channel: 'email' });
    expect(tree.read('plugins/channel-wa-box/src/lib/wa-box.channel.ts', 'utf-8')).toContain('messagingWindowHours: 24,');
    expect(tree.read('plugins/channel-mail-box/src/lib/mail-box.channel.ts', 'utf-8')).toMatch(/html: true,\s+subject: true,/);
  });

  it('escapes a display name with quotes', async () => {
    await channelPluginGenerator(tree, { name: 'bobs-chat', channel: 'webchat', displayName: "Bob's Chat" });
    expect(tree.read('plugins/channel-bobs-chat/src/lib/bobs-chat.channel.ts', 'utf-8')).toContain("readonly displayName = 'Bob\\'s Chat';");
    expect(tree.read('plugins/channel-bobs-chat/README.md', 'utf-8')).toContain("Bob's Chat");
  });

  it('works without a root Jest config or enabled-plugins file', async () => {
    tree.delete('jest.config.ts');
    tree.delete('libs/enabled-plugins/src/index.ts');
    await channelPluginGenerator(tree, { name: 'acme-chat', channel: 'voice', enable: true });
    expect(tree.exists('plugins/channel-acme-chat/src/lib/acme-chat.channel.ts')).toBe(true);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining("'<rootDir>/plugins/channel-acme-chat'"));
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('AcmeChatPlugin.forRoot({})'));
  });

  it('refuses bad names, unknown channels and existing plugins', async () => {
    await expect(channelPluginGenerator(tree, { name: 'Acme_Chat', channel: 'webchat' })).rejects.toThrow(/kebab-case/);
    await expect(channelPluginGenerator(tree, { name: 'acme', channel: 'fax' as never })).rejects.toThrow(/--channel/);
    await channelPluginGenerator(tree, { name: 'acme-chat', channel: 'webchat' });
    await expect(channelPluginGenerator(tree, { name: 'acme-chat', channel: 'webchat' })).rejects.toThrow(/already exists/);
  });

  it('derives names from the id', () => {
    expect(normalizeOptions({ name: 'channel-acme-chat', channel: 'sms' })).toMatchObject({
      name: 'acme-chat',
      displayName: 'Acme Chat',
      className: 'AcmeChat',
      constantName: 'ACME_CHAT',
      projectRoot: 'plugins/channel-acme-chat',
      importPath: '@parley/channel-acme-chat',
      enable: false,
    });
  });
});

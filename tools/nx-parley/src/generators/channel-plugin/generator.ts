import { generateFiles, logger, names, updateJson, type Tree } from '@nx/devkit';
import * as path from 'node:path';
import type { ChannelPluginGeneratorSchema } from './schema';

/** ChannelKind of @parley/contracts (a tool may not import the libs; schema.json lists the same values). */
const CHANNEL_KINDS = ['email', 'sms', 'whatsapp', 'webchat', 'voice'] as const;
const PLUGIN_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const ROOT_JEST_CONFIG = 'jest.config.ts';
const ENABLED_PLUGINS = 'libs/enabled-plugins/src/index.ts';

export interface NormalizedChannelPluginOptions {
  /** The plugin id, e.g. `acme-chat`. */
  name: string;
  channel: ChannelPluginGeneratorSchema['channel'];
  displayName: string;
  enable: boolean;
  /** `acme-chat` (file names), `AcmeChat` (classes), `ACME_CHAT` (constants). */
  fileName: string;
  className: string;
  constantName: string;
  /** `channel-acme-chat`, `plugins/channel-acme-chat`, `@parley/channel-acme-chat`. */
  projectName: string;
  projectRoot: string;
  importPath: string;
}

export function normalizeOptions(options: ChannelPluginGeneratorSchema): NormalizedChannelPluginOptions {
  const name = String(options.name ?? '')
    .trim()
    .replace(/^channel-/, '');
  if (!PLUGIN_ID.test(name)) {
    throw new Error(`Plugin name "${options.name}" must be kebab-case: lower-case letters and digits, words joined by "-" (e.g. acme-chat).`);
  }
  if (!(CHANNEL_KINDS as readonly string[]).includes(options.channel)) {
    throw new Error(`--channel must be one of ${CHANNEL_KINDS.join(', ')} (got "${options.channel}").`);
  }
  const n = names(name);
  const displayName =
    options.displayName?.trim() ||
    name
      .split('-')
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join(' ');
  return {
    name,
    channel: options.channel,
    displayName,
    enable: options.enable === true,
    fileName: n.fileName,
    className: n.className,
    constantName: n.constantName,
    projectName: `channel-${name}`,
    projectRoot: `plugins/channel-${name}`,
    importPath: `@parley/channel-${name}`,
  };
}

/** `nx g ./tools/nx-parley:channel-plugin <name> --channel=<kind> [--displayName=…] [--enable]` */
export async function channelPluginGenerator(tree: Tree, schema: ChannelPluginGeneratorSchema): Promise<void> {
  const options = normalizeOptions(schema);
  if (tree.exists(options.projectRoot)) throw new Error(`${options.projectRoot} already exists; pick another name or delete it first.`);

  generateFiles(tree, path.join(__dirname, 'files'), options.projectRoot, {
    ...options,
    /** The display name as a single-quoted TypeScript string. */
    displayNameLiteral: `'${options.displayName.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
    /** A contact address that looks right on this channel, for the tests. */
    sampleAddress: sampleAddressOf(options.channel),
    tmpl: '',
  });
  addPathAlias(tree, options);
  addJestProject(tree, options);
  if (options.enable) enablePlugin(tree, options);

  logger.info(
    [
      `Created ${options.projectRoot} (plugin "${options.name}", channel ${options.channel}).`,
      `Next: npx jest -c ${options.projectRoot}/jest.config.ts   (conformance suite included)`,
      options.enable ? `Enabled in ${ENABLED_PLUGINS}.` : `To enable it: add ${options.className}Plugin.forRoot({}) (and its import) to ${ENABLED_PLUGINS}.`,
      'Guide: docs/plugins/writing-a-channel-plugin.md',
    ].join('\n'),
  );
}

export default channelPluginGenerator;

function sampleAddressOf(channel: NormalizedChannelPluginOptions['channel']): string {
  if (channel === 'email') return 'visitor@example.test';
  if (channel === 'webchat') return 'visitor-42';
  return '+15557654321';
}

/** `@parley/channel-<name>` → `plugins/channel-<name>/src/index.ts` in tsconfig.base.json. */
function addPathAlias(tree: Tree, options: NormalizedChannelPluginOptions): void {
  const file = tree.exists('tsconfig.base.json') ? 'tsconfig.base.json' : 'tsconfig.json';
  if (!tree.exists(file)) throw new Error('No tsconfig.base.json at the workspace root.');
  updateJson(tree, file, (json) => {
    json.compilerOptions ??= {};
    json.compilerOptions.paths ??= {};
    if (json.compilerOptions.paths[options.importPath]) throw new Error(`${file} already maps ${options.importPath}.`);
    json.compilerOptions.paths[options.importPath] = [`${options.projectRoot}/src/index.ts`];
    return json;
  });
}

/** Appends `'<rootDir>/plugins/channel-<name>'` to the `projects` array of the root jest.config.ts, in its style. */
export function addJestProject(tree: Tree, options: Pick<NormalizedChannelPluginOptions, 'projectRoot'>): void {
  if (!tree.exists(ROOT_JEST_CONFIG)) {
    logger.warn(`No ${ROOT_JEST_CONFIG} at the workspace root: add '<rootDir>/${options.projectRoot}' to its projects yourself.`);
    return;
  }
  const source = tree.read(ROOT_JEST_CONFIG, 'utf-8') ?? '';
  const entry = `'<rootDir>/${options.projectRoot}'`;
  if (source.includes(entry) || source.includes(`"<rootDir>/${options.projectRoot}"`)) return;
  const updated = appendToArray(source, /projects\s*:\s*\[/, entry);
  if (updated === null) {
    logger.warn(`Found no "projects: [" in ${ROOT_JEST_CONFIG}: add ${entry} to it yourself.`);
    return;
  }
  tree.write(ROOT_JEST_CONFIG, updated);
}

/** Adds the import and `<Name>Plugin.forRoot({})` to ENABLED_PLUGINS. */
export function enablePlugin(tree: Tree, options: Pick<NormalizedChannelPluginOptions, 'className' | 'importPath'>): void {
  if (!tree.exists(ENABLED_PLUGINS)) {
    logger.warn(`No ${ENABLED_PLUGINS}: enable ${options.className}Plugin.forRoot({}) where the app lists its plugins.`);
    return;
  }
  let source = tree.read(ENABLED_PLUGINS, 'utf-8') ?? '';
  const moduleName = `${options.className}Plugin`;
  if (new RegExp(`\\b${moduleName}\\.forRoot\\(`).test(source)) return;
  const withEntry = appendToArray(source, /ENABLED_PLUGINS[^=]*=\s*\[/, `${moduleName}.forRoot({})`);
  if (withEntry === null) {
    logger.warn(`Found no "ENABLED_PLUGINS = [" in ${ENABLED_PLUGINS}: add ${moduleName}.forRoot({}) to it yourself.`);
    return;
  }
  source = withEntry;
  const importLine = `import { ${moduleName} } from '${options.importPath}';`;
  const imports = [...source.matchAll(/^import[^;]*;[ \t]*$/gm)];
  const last = imports[imports.length - 1];
  const at = last ? (last.index ?? 0) + last[0].length : 0;
  source = last ? `${source.slice(0, at)}\n${importLine}${source.slice(at)}` : `${importLine}\n${source}`;
  tree.write(ENABLED_PLUGINS, source);
}

/**
 * Appends `item` as the last element of the array literal that `opening` (ending with `[`) starts,
 * one element per line with the indentation of the others and a trailing comma. Null when not found.
 */
function appendToArray(source: string, opening: RegExp, item: string): string | null {
  const open = opening.exec(source);
  if (!open) return null;
  const start = open.index + open[0].length;
  const end = closingBracket(source, start);
  if (end === -1) return null;
  const body = source.slice(start, end);
  const trimmed = body.replace(/\s+$/, '');
  const lineStart = source.lastIndexOf('\n', open.index) + 1;
  const outerIndent = /^[ \t]*/.exec(source.slice(lineStart))?.[0] ?? '';
  const indent = /\n([ \t]+)\S/.exec(body)?.[1] ?? `${outerIndent}  `;
  if (!trimmed.trim()) return `${source.slice(0, start)}\n${indent}${item},\n${outerIndent}${source.slice(end)}`;
  const separator = trimmed.endsWith(',') ? '' : ',';
  return `${source.slice(0, start)}${trimmed}${separator}\n${indent}${item},${body.slice(trimmed.length)}${source.slice(end)}`;
}

/** Index of the `]` closing the array whose contents start at `from` (skips strings, comments, nested brackets). */
function closingBracket(source: string, from: number): number {
  let depth = 0;
  for (let i = from; i < source.length; i++) {
    const c = source[i];
    if (c === '/' && source[i + 1] === '/') {
      const eol = source.indexOf('\n', i);
      if (eol === -1) return -1;
      i = eol;
    } else if (c === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      if (close === -1) return -1;
      i = close + 1;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      if (j >= source.length) return -1;
      i = j;
    } else if (c === '[' || c === '(' || c === '{') depth++;
    else if (c === ']' || c === ')' || c === '}') {
      if (depth === 0) return c === ']' ? i : -1;
      depth--;
    }
  }
  return -1;
}

// The browser suite and bench:dashboard run the BUILT app (dist/apps/api/main.js serving
// dist/apps/admin/browser), as production does. This builds both when the build is missing or older than
// the sources it is made of (same rule as scripts/start.mjs, minus tests and this project's own files).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** PARLEY_E2E_DIST points the suite at another build (e.g. one made from a clean export); it is never rebuilt. */
export const distRoot = () => process.env.PARLEY_E2E_DIST ?? join(ROOT, 'dist');
export const apiMain = () => join(distRoot(), 'apps', 'api', 'main.js');
export const adminIndex = () => join(distRoot(), 'apps', 'admin', 'browser', 'index.html');

const SOURCES = ['apps/api/src', 'apps/admin', 'libs', 'plugins', 'package-lock.json', 'tsconfig.base.json'];
const SKIP_DIR = /^(node_modules|dist|\.angular|test|testing)$/;
const SKIP_FILE = /\.(spec\.ts|md)$/;

/** The newest source file that goes into the api or admin build. */
export function newestSource() {
  let newest = { at: 0, file: '' };
  const walk = (path) => {
    if (!existsSync(path)) return;
    const s = statSync(path);
    if (s.isDirectory()) {
      for (const entry of readdirSync(path)) if (!SKIP_DIR.test(entry)) walk(join(path, entry));
    } else if (!SKIP_FILE.test(path) && s.mtimeMs > newest.at) newest = { at: s.mtimeMs, file: relative(ROOT, path) };
  };
  for (const p of SOURCES) walk(join(ROOT, p));
  return newest;
}

/** Why the build must be (re)made, or null when it is current. */
export function staleReason() {
  const missing = [apiMain(), adminIndex()].filter((f) => !existsSync(f));
  if (missing.length) return `missing ${missing.map((f) => relative(ROOT, f)).join(' and ')}`;
  if (process.env.PARLEY_E2E_DIST) return null;
  const builtAt = Math.min(statSync(apiMain()).mtimeMs, statSync(adminIndex()).mtimeMs);
  const newest = newestSource();
  return newest.at > builtAt ? `${newest.file} is newer than the build` : null;
}

/**
 * Builds api and admin when missing or stale (PARLEY_E2E_BUILD=never skips, =always forces). Throws
 * when the build fails: a suite against an old build would test the wrong thing.
 */
export function ensureBuilt(log = (line) => console.log(line)) {
  const mode = process.env.PARLEY_E2E_BUILD ?? 'auto';
  const reason = mode === 'always' ? 'PARLEY_E2E_BUILD=always' : staleReason();
  if (!reason) return { built: false };
  if (mode === 'never' || process.env.PARLEY_E2E_DIST) {
    if (!existsSync(apiMain()) || !existsSync(adminIndex())) throw new Error(`No build to test: ${reason}.`);
    log(`Using the existing build although ${reason} (PARLEY_E2E_BUILD=never).`);
    return { built: false };
  }
  log(`Building api and admin for the browser suite (${reason})…`);
  const started = Date.now();
  const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false', NG_CLI_ANALYTICS: 'false' };
  const result = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=api,admin', '--parallel=2', '--outputStyle=static'], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    throw new Error(`Building api and admin failed (exit ${result.status}):\n${output.slice(-6000)}`);
  }
  log(`Built api and admin in ${Math.round((Date.now() - started) / 1000)} s.`);
  return { built: true, seconds: (Date.now() - started) / 1000 };
}

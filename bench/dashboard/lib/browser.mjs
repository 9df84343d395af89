// Debian's Chromium through playwright-core (never `playwright install`), and the page-side probes the
// dashboard benchmark measures with. The UI is held to the same accessible names as apps/admin-e2e: the
// list is the region named "Conversations", the open thread the region named "Conversation".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // performance.memory with exact figures (for the page's own view; the CDP heap figures are the ones reported).
  '--enable-precise-memory-info',
];

export const LIST = { role: 'region', name: 'Conversations' };
export const THREAD = { role: 'region', name: 'Conversation' };

/** A fresh profile (its own --user-data-dir) per browser; `close()` removes it. */
export async function launch(baseURL) {
  const profile = mkdtempSync(join(tmpdir(), 'parley-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 900 },
    baseURL,
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(15_000);
  const errors = [];
  const watch = (page) => {
    page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !/^Failed to load resource/.test(msg.text())) errors.push(`console.error: ${msg.text().slice(0, 200)}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    errors,
    version: await context.browser()?.version(),
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const listRegion = (page) => page.getByRole(LIST.role, { name: LIST.name, exact: true });
export const threadRegion = (page) => page.getByRole(THREAD.role, { name: THREAD.name, exact: true });

/**
 * Fills the sign-in form, then measures from the click on "Sign in" until `text` (the first list item's
 * contact name) is on screen inside the list. Returns ms, or throws with what the page showed instead.
 */
export async function timeSignInToList(page, { email, password, text, timeoutMs = 15_000 }) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  const started = Date.now();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await listRegion(page)
    .getByText(text, { exact: true })
    .first()
    .waitFor({ state: 'visible', timeout: timeoutMs })
    .catch(() => {
      throw new Error(`no region "Conversations" showing the first card ("${text}") within ${timeoutMs / 1000} s of signing in: the list is not there`);
    });
  // The frame with it painted.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return Date.now() - started;
}

/**
 * The scripts the conversations route loads when opened directly with a session, cache disabled: each
 * file's size as sent and gzipped (level 9, what a static server would send), and whether it had arrived
 * when `text` (the first card) became visible in the list — the route's initial JS — or came after it
 * (deferred views, prefetches) before the network went idle.
 */
export async function initialScripts(context, { path = '/conversations', text }) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const scripts = [];
  page.on('requestfinished', (req) => {
    if (req.resourceType() === 'script') scripts.push({ req, at: Date.now() });
  });
  await page.goto(path);
  let shownAt = Infinity;
  if (text) {
    await listRegion(page)
      .getByText(text, { exact: true })
      .first()
      .waitFor()
      .then(
        () => (shownAt = Date.now()),
        () => undefined,
      );
  }
  await page.waitForLoadState('networkidle');
  const files = [];
  for (const { req, at } of scripts) {
    const body = (await (await req.response())?.body().catch(() => null)) ?? Buffer.alloc(0);
    files.push({ url: new URL(req.url()).pathname, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length, beforeList: at <= shownAt });
  }
  await page.close();
  return { files, listShown: shownAt !== Infinity };
}

/**
 * Installs a MutationObserver that stamps (Date.now(), same clock as this process) the first time each
 * marker's text shows up inside the list region. Read with `seenMarkers(page)`.
 */
export async function watchMarkers(page, prefix) {
  await page.evaluate((prefix) => {
    const w = window;
    w.__benchSeen = w.__benchSeen ?? {};
    const re = new RegExp(`${prefix}\\d+`, 'g');
    const scan = () => {
      const list = document.querySelector('[role=region][aria-label="Conversations"], section[aria-label="Conversations"]');
      if (!list) return;
      const now = Date.now();
      for (const m of list.textContent?.match(re) ?? []) if (!(m in w.__benchSeen)) w.__benchSeen[m] = now;
    };
    const observer = new MutationObserver(scan);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    w.__benchObserver = observer;
    scan();
  }, prefix);
}

export const seenMarkers = (page) => page.evaluate(() => window.__benchSeen ?? {});

/** The page's JS heap after a forced GC, and its DOM size (Chrome DevTools Protocol). */
export async function heapSample(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize, totalSize } = await cdp.send('Runtime.getHeapUsage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { at: Date.now(), used: usedSize, total: totalSize, nodes: metric('Nodes'), listeners: metric('JSEventListeners') };
}

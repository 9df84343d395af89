import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '@parley/testing';

/** The API serves the built dashboard: its files (also ones built after the start), and index.html for its routes. */
describe('dashboard files', () => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'parley-admin-'));

  beforeAll(async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Parley</title>');
    writeFileSync(join(dir, 'main-AAAA.js'), 'console.log("first build")');
    t = await createTestApp({}, { adminDir: dir });
  });
  afterAll(() => t.close());

  const get = (url: string, accept = '*/*') => t.app.inject({ method: 'GET', url, headers: { accept } });

  it('serves a chunk a rebuild wrote after the server started, the app shell on its routes, and nothing outside the folder', async () => {
    expect((await get('/main-AAAA.js')).body).toBe('console.log("first build")');
    mkdirSync(join(dir, 'media'), { recursive: true });
    writeFileSync(join(dir, 'chunk-BBBB.js'), 'console.log("rebuilt")');
    writeFileSync(join(dir, 'media', 'logo.svg'), '<svg/>');
    const rebuilt = await get('/chunk-BBBB.js');
    expect(rebuilt.statusCode).toBe(200);
    expect(rebuilt.body).toBe('console.log("rebuilt")');
    expect((await get('/media/logo.svg')).statusCode).toBe(200);
    const route = await get('/conversations/123?view=board', 'text/html');
    expect(route.statusCode).toBe(200);
    expect(route.body).toContain('<title>Parley</title>');
    expect((await get('/../../etc/passwd')).statusCode).toBe(404);
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).statusCode).toBe(404);
    expect((await get('/missing-chunk.js')).statusCode).toBe(404);
  });
});

import { createHash } from 'node:crypto';
import { createAdminCommand, DEMO_ADMIN_EMAIL, DemoSeeder, firstRun } from '@parley/core';
import { createTestApp, signupWorkspace, truncateAll, type TestApp } from './harness';

/** A server started without `--seed-demo` (the production image) on an empty database. */
describe('first admin, without the demo', () => {
  let t: TestApp;
  let printed: string[];
  const print = (line: string) => printed.push(line);
  const sql = <T = any>(query: string, params: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(query, params);
  const counts = async () =>
    (
      await sql(`select (select count(*)::int from workspace) as workspaces, (select count(*)::int from app_user) as users,
                       (select count(*)::int from channel_account) as channels, (select count(*)::int from conversation) as conversations`)
    )[0];
  /** Starts the server's first-run step and returns the token of the link it printed (or null). */
  const start = async (): Promise<string | null> => {
    printed = [];
    await firstRun(t.app, { seedDemo: false, print });
    const match = printed.join('\n').match(/https:\/\/parley\.test\/setup\?token=([A-Za-z0-9_-]+)/);
    return match?.[1] ?? null;
  };
  const setup = (token: string, email = 'owner@plumbing.test') =>
    t.request('POST', '/api/v1/setup', { body: { token, workspaceName: 'Bright Plumbing', name: 'Olivia Owner', email, password: 'a long enough password' } });

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('prints a one-time setup link on a database with no users, stores it hashed, and seeds no demo', async () => {
    const token = await start();
    expect(token).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/));
    expect(printed.join('\n')).toContain('create-admin');
    expect(printed.join('\n')).not.toContain(DEMO_ADMIN_EMAIL);
    expect(printed.join('\n')).not.toContain('parley-demo');
    expect(await counts()).toEqual({ workspaces: 0, users: 0, channels: 0, conversations: 0 });
    const rows = await sql<{ token_hash: string; hours: number }>('select token_hash, extract(epoch from expires_at - now()) / 3600 as hours from setup_token');
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toBe(
      createHash('sha256')
        .update(token as string)
        .digest('hex'),
    );
    expect(Number(rows[0].hours)).toBeGreaterThan(23.9);
    expect(Number(rows[0].hours)).toBeLessThanOrEqual(24);
    expect((await t.request('GET', '/api/v1/setup')).body).toEqual({ required: true, demo: false });
  });

  it('refuses a wrong, a missing or an expired token and creates nothing', async () => {
    expect((await setup('not-the-token-' + 'x'.repeat(40))).status).toBe(401);
    expect((await t.request('POST', '/api/v1/setup', { body: { workspaceName: 'W', name: 'N', email: 'a@b.test', password: 'long enough pw' } })).status).toBe(
      400,
    );
    const expired = await start();
    await sql("update setup_token set expires_at = now() - interval '1 second' where token_hash = ?", [
      createHash('sha256')
        .update(expired as string)
        .digest('hex'),
    ]);
    const res = await setup(expired as string);
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/invalid or expired/i);
    expect(await counts()).toMatchObject({ workspaces: 0, users: 0 });
  });

  it('creates the first admin and workspace once with the printed token; two at once make one', async () => {
    const token = (await start()) as string;
    const [a, b] = await Promise.all([setup(token), setup(token, 'rival@plumbing.test')]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const created = a.status === 201 ? a : b;
    expect(created.body).toMatchObject({ accessToken: expect.any(String), user: { role: 'admin' } });
    const me = await t.request('GET', '/api/v1/me', { token: created.body.accessToken });
    expect(me.body).toMatchObject({ role: 'admin', workspace: { name: 'Bright Plumbing' } });
    const login = await t.request('POST', '/api/v1/auth/login', { body: { email: created.body.user.email, password: 'a long enough password' } });
    expect(login.status).toBe(200);
    expect(await counts()).toEqual({ workspaces: 1, users: 1, channels: 0, conversations: 0 });
    // Used up: every token is gone, and the same token again is refused.
    expect(await sql('select id from setup_token')).toEqual([]);
    expect((await setup(token, 'late@plumbing.test')).status).toBe(409);
    expect((await t.request('GET', '/api/v1/setup')).body).toEqual({ required: false, demo: false });
  });

  it('refuses forever once a user exists: no new link, and a token that is somehow valid is refused', async () => {
    expect(await start()).toBeNull();
    expect(printed.join('\n')).not.toContain('/setup?token=');
    const token = 'y'.repeat(43);
    await sql("insert into setup_token (id, token_hash, expires_at) values (gen_random_uuid(), ?, now() + interval '1 hour')", [
      createHash('sha256').update(token).digest('hex'),
    ]);
    expect((await setup(token, 'intruder@evil.test')).status).toBe(409);
    expect(await counts()).toMatchObject({ workspaces: 1, users: 1 });
    // The CLI too.
    printed = [];
    expect(await createAdminCommand(t.app, ['--email', 'second@plumbing.test', '--name', 'Second', '--workspace', 'Other'], print)).toBe(1);
    expect(printed.join('\n')).toMatch(/already has users/i);
    expect(await counts()).toMatchObject({ workspaces: 1, users: 1 });
  });

  it('create-admin makes the first admin from the command line, printing a generated password once', async () => {
    await truncateAll(t.orm);
    printed = [];
    expect(await createAdminCommand(t.app, ['--email', 'Cli@Plumbing.test', '--name', 'Cli Admin', '--workspace', 'Bright Plumbing'], print)).toBe(0);
    const password = printed.join('\n').match(/password: (\S{16,})/)?.[1];
    expect(password).toBeDefined();
    const login = await t.request('POST', '/api/v1/auth/login', { body: { email: 'cli@plumbing.test', password } });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe('admin');
    expect(await counts()).toEqual({ workspaces: 1, users: 1, channels: 0, conversations: 0 });
    // A missing argument is a usage error, not a crash.
    await truncateAll(t.orm);
    printed = [];
    expect(await createAdminCommand(t.app, ['--name', 'No Email'], print)).toBe(2);
    expect(printed.join('\n')).toMatch(/--email/);
  });

  it('with --seed-demo outside production seeds the demo, says so and prints its login (npm start)', async () => {
    await truncateAll(t.orm);
    printed = [];
    await firstRun(t.app, { seedDemo: true, print });
    expect(printed.join('\n')).toMatch(/Demo workspace "Acme Home Services" created/);
    expect(printed.join('\n')).toContain(`${DEMO_ADMIN_EMAIL} / parley-demo`);
    expect(printed.join('\n')).not.toContain('/setup?token=');
    expect((await counts()).users).toBeGreaterThan(0);
    // The login page shows the demo login only when the server says it is there.
    expect((await t.request('GET', '/api/v1/setup')).body).toEqual({ required: false, demo: true });
  });
});

describe('the demo login hint', () => {
  it('is announced by a development server that seeded the demo, not by one without it', async () => {
    const t = await createTestApp({ NODE_ENV: 'development' });
    try {
      expect((await t.request('GET', '/api/v1/setup')).body).toEqual({ required: true, demo: false });
      await firstRun(t.app, { seedDemo: true, print: () => undefined });
      expect((await t.request('GET', '/api/v1/setup')).body).toEqual({ required: false, demo: true });
      // A development server whose users are not the demo's: no hint.
      await truncateAll(t.orm);
      await signupWorkspace(t, 'Plumbing');
      expect((await t.request('GET', '/api/v1/setup')).body).toEqual({ required: false, demo: false });
    } finally {
      await t.close();
    }
  });
});

describe('the demo in production', () => {
  it('is refused: its logins are public', async () => {
    const t = await createTestApp({ NODE_ENV: 'production' });
    try {
      await expect(firstRun(t.app, { seedDemo: true, print: () => undefined })).rejects.toThrow(/development/);
      expect((await t.orm.em.getConnection().execute('select count(*)::int as n from app_user'))[0].n).toBe(0);
      // A database an older image seeded still holds the demo rows: production never advertises their login.
      await t.app.get(DemoSeeder).seed();
      expect((await t.request('GET', '/api/v1/setup')).body).toEqual({ required: false, demo: false });
    } finally {
      await t.close();
    }
  });
});

import { createTestApp, signupWorkspace, type TestApp } from './harness';

describe('auth, users and API keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('signs up a workspace with its first admin and logs in', async () => {
    const res = await t.request('POST', '/api/v1/auth/signup', {
      body: { workspaceName: 'Acme', name: 'Ada', email: 'Ada@Example.test', password: 'long enough pw' },
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email: 'ada@example.test', role: 'admin', name: 'Ada' });
    expect(res.body.accessToken).toEqual(expect.any(String));

    const login = await t.request('POST', '/api/v1/auth/login', { body: { email: 'ada@example.test', password: 'long enough pw' } });
    expect(login.status).toBe(200);
    expect(login.body.user).toEqual({
      id: res.body.user.id,
      email: 'ada@example.test',
      name: 'Ada',
      role: 'admin',
      workspaceId: res.body.user.workspaceId,
      createdAt: expect.any(String),
    });

    const me = await t.request('GET', '/api/v1/me', { token: login.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: res.body.user.id, workspace: { name: 'Acme', timezone: 'UTC' } });
  });

  it('never stores the password in clear and rejects a wrong one with 401', async () => {
    const rows = await t.orm.em.getConnection().execute("select password_hash from app_user where email = 'ada@example.test'");
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    const bad = await t.request('POST', '/api/v1/auth/login', { body: { email: 'ada@example.test', password: 'wrong password' } });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Wrong email or password' });
  });

  it('refuses a second account with the same email (409)', async () => {
    const res = await t.request('POST', '/api/v1/auth/signup', {
      body: { workspaceName: 'Other', name: 'Ada 2', email: 'ada@example.test', password: 'long enough pw' },
    });
    expect(res.status).toBe(409);
  });

  it('names every invalid and unknown field with 400', async () => {
    const res = await t.request('POST', '/api/v1/auth/signup', { body: { workspaceName: '', email: 'nope', password: 'short', extra: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('Bad Request');
    const fields = res.body.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['email', 'extra', 'name', 'password', 'workspaceName']);
  });

  it('answers 401 without a token and with a forged one', async () => {
    expect((await t.request('GET', '/api/v1/me')).status).toBe(401);
    expect((await t.request('GET', '/api/v1/me', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged' })).status).toBe(401);
  });

  it('rate limits login attempts per address and account (429)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await t.request('POST', '/api/v1/auth/login', { body: { email: 'victim@example.test', password: `guess ${i}` } })).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('lets admins manage users and keeps operators out (403)', async () => {
    const admin = await signupWorkspace(t, 'Users');
    const created = await t.request('POST', '/api/v1/users', {
      token: admin.token,
      body: { email: 'op@users.test', name: 'Op', password: 'operator pw 1', role: 'operator' },
    });
    expect(created.status).toBe(201);
    const op = await t.request('POST', '/api/v1/auth/login', { body: { email: 'op@users.test', password: 'operator pw 1' } });
    expect(op.status).toBe(200);

    const list = await t.request('GET', '/api/v1/users', { token: op.body.accessToken });
    expect(list.status).toBe(200);
    expect(list.body.items.map((u: { email: string }) => u.email).sort()).toEqual([admin.user.email, 'op@users.test'].sort());

    expect(
      (
        await t.request('POST', '/api/v1/users', {
          token: op.body.accessToken,
          body: { email: 'x@users.test', name: 'X', password: 'operator pw 1', role: 'admin' },
        })
      ).status,
    ).toBe(403);
    expect((await t.request('PATCH', `/api/v1/users/${created.body.id}`, { token: op.body.accessToken, body: { role: 'admin' } })).status).toBe(403);

    const promoted = await t.request('PATCH', `/api/v1/users/${created.body.id}`, { token: admin.token, body: { name: 'Operator One' } });
    expect(promoted.status).toBe(200);
    expect(promoted.body.name).toBe('Operator One');

    expect((await t.request('DELETE', `/api/v1/users/${admin.user.id}`, { token: admin.token })).status).toBe(400);
    expect((await t.request('DELETE', `/api/v1/users/${created.body.id}`, { token: admin.token })).status).toBe(204);
    // The deleted user's token stops working at once.
    expect((await t.request('GET', '/api/v1/me', { token: op.body.accessToken })).status).toBe(401);
  });

  it('issues API keys shown once, stored hashed, usable as bearer tokens, revocable', async () => {
    const admin = await signupWorkspace(t, 'Keys');
    const created = await t.request('POST', '/api/v1/api-keys', { token: admin.token, body: { name: 'CRM sync' } });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^pk_/);
    const rows = await t.orm.em.getConnection().execute('select key_hash from api_key where id = ?', [created.body.id]);
    expect(rows[0].key_hash).not.toContain(created.body.key);
    expect(rows[0].key_hash).toHaveLength(64);

    const listed = await t.request('GET', '/api/v1/api-keys', { token: admin.token });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);

    const me = await t.request('GET', '/api/v1/me', { token: created.body.key });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'api_key', workspaceId: admin.user.workspaceId });

    expect((await t.request('DELETE', `/api/v1/api-keys/${created.body.id}`, { token: admin.token })).status).toBe(204);
    expect((await t.request('GET', '/api/v1/me', { token: created.body.key })).status).toBe(401);
  });

  it("answers 404 for another workspace's users and keys", async () => {
    const a = await signupWorkspace(t, 'Alpha');
    const b = await signupWorkspace(t, 'Beta');
    const key = await t.request('POST', '/api/v1/api-keys', { token: b.token, body: { name: 'b' } });
    expect((await t.request('PATCH', `/api/v1/users/${b.user.id}`, { token: a.token, body: { name: 'pwned' } })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/users/${b.user.id}`, { token: a.token })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/api-keys/${key.body.id}`, { token: a.token })).status).toBe(404);
    const users = await t.request('GET', '/api/v1/users', { token: a.token });
    expect(users.body.items.map((u: { id: string }) => u.id)).toEqual([a.user.id]);
  });

  it('turns signup off with ALLOW_SIGNUP=false', async () => {
    const closed = await createTestApp({ ALLOW_SIGNUP: 'false' });
    try {
      const res = await closed.request('POST', '/api/v1/auth/signup', {
        body: { workspaceName: 'W', name: 'N', email: 'n@closed.test', password: 'long enough pw' },
      });
      expect(res.status).toBe(403);
    } finally {
      await closed.close();
    }
  });
});

import { randomBytes } from 'node:crypto';
import { createTestApp, signupWorkspace, type TestApp } from './harness';

type Workspace = Awaited<ReturnType<typeof signupWorkspace>>;
const fields = (body: { details?: { field: string }[] }) => (body.details ?? []).map((d) => d.field).sort();

describe('workspace content: knowledge, templates, campaigns, autonomy', () => {
  let t: TestApp;
  let admin: Workspace;
  let other: Workspace;
  let operatorToken: string;
  let accountId: string;
  let otherAccountId: string;

  const createAccount = async (token: string, name: string): Promise<string> => {
    const res = await t.request('POST', '/api/v1/channel-accounts', {
      token,
      body: { plugin: 'twilio-sms', name, config: { accountSid: 'AC' + randomBytes(16).toString('hex'), authToken: 'secret', fromNumber: '+15550001111' } },
    });
    if (res.status !== 201) throw new Error(`channel account: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  };
  const count = async (table: string, workspaceId: string) =>
    Number((await t.orm.em.getConnection().execute(`select count(*)::int as n from ${table} where workspace_id = ?`, [workspaceId]))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signupWorkspace(t, 'Content');
    other = await signupWorkspace(t, 'Elsewhere');
    const created = await t.request('POST', '/api/v1/users', {
      token: admin.token,
      body: { email: 'op@content.test', name: 'Op', password: 'operator pw 1', role: 'operator' },
    });
    expect(created.status).toBe(201);
    const login = await t.request('POST', '/api/v1/auth/login', { body: { email: 'op@content.test', password: 'operator pw 1' } });
    operatorToken = login.body.accessToken;
    accountId = await createAccount(admin.token, 'Own line');
    otherAccountId = await createAccount(other.token, 'Other line');
  });
  afterAll(() => t.close());

  describe('knowledge', () => {
    it('creates, reads, updates and deletes an article', async () => {
      const created = await t.request('POST', '/api/v1/knowledge', {
        token: admin.token,
        body: { title: 'Opening hours', body: 'We are open 9 to 5.', tags: ['hours'] },
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        title: 'Opening hours',
        body: 'We are open 9 to 5.',
        tags: ['hours'],
        published: true,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const id = created.body.id;

      const got = await t.request('GET', `/api/v1/knowledge/${id}`, { token: operatorToken });
      expect(got.status).toBe(200);
      expect(got.body).toEqual(created.body);

      const patched = await t.request('PATCH', `/api/v1/knowledge/${id}`, { token: admin.token, body: { body: 'Open 8 to 6.', published: false } });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ id, title: 'Opening hours', body: 'Open 8 to 6.', tags: ['hours'], published: false });
      expect((await t.request('GET', `/api/v1/knowledge/${id}`, { token: admin.token })).body).toMatchObject({ body: 'Open 8 to 6.', published: false });

      expect((await t.request('DELETE', `/api/v1/knowledge/${id}`, { token: admin.token })).status).toBe(204);
      const gone = await t.request('GET', `/api/v1/knowledge/${id}`, { token: admin.token });
      expect(gone.status).toBe(404);
      expect(gone.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      expect((await t.request('DELETE', `/api/v1/knowledge/${id}`, { token: admin.token })).status).toBe(404);
    });

    it('lists newest first with keyset cursor pagination', async () => {
      const ws = await signupWorkspace(t, 'Paging');
      const ids: string[] = [];
      for (const title of ['first', 'second', 'third']) {
        const res = await t.request('POST', '/api/v1/knowledge', { token: ws.token, body: { title, body: `${title} body` } });
        expect(res.status).toBe(201);
        ids.push(res.body.id);
      }
      const page1 = await t.request('GET', '/api/v1/knowledge?limit=2', { token: ws.token });
      expect(page1.status).toBe(200);
      expect(page1.body.items.map((a: { title: string }) => a.title)).toEqual(['third', 'second']);
      expect(page1.body.nextCursor).toEqual(expect.any(String));

      const page2 = await t.request('GET', `/api/v1/knowledge?limit=2&cursor=${encodeURIComponent(page1.body.nextCursor)}`, { token: ws.token });
      expect(page2.status).toBe(200);
      expect(page2.body.items.map((a: { title: string }) => a.title)).toEqual(['first']);
      expect(page2.body.nextCursor).toBeNull();

      const seen = [...page1.body.items, ...page2.body.items].map((a: { id: string }) => a.id);
      expect(new Set(seen).size).toBe(3);
      expect([...seen].sort()).toEqual([...ids].sort());

      const all = await t.request('GET', '/api/v1/knowledge', { token: ws.token });
      expect(all.body.items.map((a: { id: string }) => a.id)).toEqual([...ids].reverse());
      expect(all.body.nextCursor).toBeNull();

      expect((await t.request('GET', '/api/v1/knowledge?cursor=garbage', { token: ws.token })).status).toBe(400);
      const badLimit = await t.request('GET', '/api/v1/knowledge?limit=500', { token: ws.token });
      expect(badLimit.status).toBe(400);
      expect(fields(badLimit.body)).toEqual(['limit']);
    });

    it('keeps operators to reading (403) and other workspaces out (404)', async () => {
      const created = await t.request('POST', '/api/v1/knowledge', { token: admin.token, body: { title: 'Refunds', body: 'Within 30 days.' } });
      const id = created.body.id;
      const before = await count('knowledge_article', admin.user.workspaceId);

      expect((await t.request('POST', '/api/v1/knowledge', { token: operatorToken, body: { title: 'x', body: 'y' } })).status).toBe(403);
      expect((await t.request('PATCH', `/api/v1/knowledge/${id}`, { token: operatorToken, body: { title: 'x' } })).status).toBe(403);
      expect((await t.request('DELETE', `/api/v1/knowledge/${id}`, { token: operatorToken })).status).toBe(403);
      expect((await t.request('GET', '/api/v1/knowledge', { token: operatorToken })).status).toBe(200);

      expect((await t.request('GET', `/api/v1/knowledge/${id}`, { token: other.token })).status).toBe(404);
      expect((await t.request('PATCH', `/api/v1/knowledge/${id}`, { token: other.token, body: { title: 'pwned' } })).status).toBe(404);
      expect((await t.request('DELETE', `/api/v1/knowledge/${id}`, { token: other.token })).status).toBe(404);
      const otherList = await t.request('GET', '/api/v1/knowledge', { token: other.token });
      expect(otherList.body.items.map((a: { id: string }) => a.id)).not.toContain(id);

      expect(await count('knowledge_article', admin.user.workspaceId)).toBe(before);
      expect((await t.request('GET', `/api/v1/knowledge/${id}`, { token: admin.token })).body.title).toBe('Refunds');
    });

    it('names bad and unknown fields with 400', async () => {
      const before = await count('knowledge_article', admin.user.workspaceId);
      const res = await t.request('POST', '/api/v1/knowledge', { token: admin.token, body: { title: '', tags: 'x', published: 'yes', extra: 1 } });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('Bad Request');
      expect(fields(res.body)).toEqual(['body', 'extra', 'published', 'tags', 'title']);
      expect(await count('knowledge_article', admin.user.workspaceId)).toBe(before);

      const created = await t.request('POST', '/api/v1/knowledge', { token: admin.token, body: { title: 'Shipping', body: 'Two days.' } });
      const patch = await t.request('PATCH', `/api/v1/knowledge/${created.body.id}`, { token: admin.token, body: { title: 'x'.repeat(301), bogus: true } });
      expect(patch.status).toBe(400);
      expect(fields(patch.body)).toEqual(['bogus', 'title']);

      // Required fields cannot be cleared with null (400, not a database error).
      const nulls = await t.request('PATCH', `/api/v1/knowledge/${created.body.id}`, {
        token: admin.token,
        body: { title: null, body: null, tags: null, published: null },
      });
      expect(nulls.status).toBe(400);
      expect(fields(nulls.body)).toEqual(['body', 'published', 'tags', 'title']);
      expect((await t.request('GET', `/api/v1/knowledge/${created.body.id}`, { token: admin.token })).body).toMatchObject({
        title: 'Shipping',
        body: 'Two days.',
        tags: [],
        published: true,
      });

      const nullOnCreate = await t.request('POST', '/api/v1/knowledge', { token: admin.token, body: { title: 'T', body: 'B', tags: null, published: null } });
      expect(nullOnCreate.status).toBe(400);
      expect(fields(nullOnCreate.body)).toEqual(['published', 'tags']);

      expect((await t.request('GET', '/api/v1/knowledge/not-a-uuid', { token: admin.token })).status).toBe(400);
    });
  });

  describe('templates', () => {
    it('creates templates for an own channel account and filters the list by account', async () => {
      const second = await createAccount(admin.token, 'Second line');
      const a = await t.request('POST', '/api/v1/templates', {
        token: admin.token,
        body: { channelAccountId: accountId, name: 'appointment_reminder', language: 'en_US', body: 'Hi {{1}}, your visit is on {{2}}.' },
      });
      expect(a.status).toBe(201);
      expect(a.body).toEqual({
        id: expect.any(String),
        channelAccountId: accountId,
        name: 'appointment_reminder',
        language: 'en_US',
        body: 'Hi {{1}}, your visit is on {{2}}.',
        createdAt: expect.any(String),
      });
      const b = await t.request('POST', '/api/v1/templates', { token: admin.token, body: { channelAccountId: second, name: 'welcome', body: 'Welcome!' } });
      expect(b.status).toBe(201);
      expect(b.body.language).toBe('en');

      const all = await t.request('GET', '/api/v1/templates', { token: operatorToken });
      expect(all.status).toBe(200);
      expect(all.body.items.map((x: { id: string }) => x.id).sort()).toEqual([a.body.id, b.body.id].sort());

      const filtered = await t.request('GET', `/api/v1/templates?channelAccountId=${second}`, { token: admin.token });
      expect(filtered.body.items.map((x: { id: string }) => x.id)).toEqual([b.body.id]);

      const otherList = await t.request('GET', '/api/v1/templates', { token: other.token });
      expect(otherList.body.items).toEqual([]);

      const dup = await t.request('POST', '/api/v1/templates', { token: admin.token, body: { channelAccountId: second, name: 'welcome', body: 'Again' } });
      expect(dup.status).toBe(409);

      expect(
        (await t.request('POST', '/api/v1/templates', { token: operatorToken, body: { channelAccountId: accountId, name: 'op_made', body: 'x' } })).status,
      ).toBe(403);
    });

    it("answers 404 for another workspace's channel account and 400 for a bad name", async () => {
      const before = await count('template', admin.user.workspaceId);
      const foreign = await t.request('POST', '/api/v1/templates', {
        token: admin.token,
        body: { channelAccountId: otherAccountId, name: 'sneaky', body: 'x' },
      });
      expect(foreign.status).toBe(404);

      const bad = await t.request('POST', '/api/v1/templates', { token: admin.token, body: { channelAccountId: accountId, name: 'Bad Name!', body: 'x' } });
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['name']);

      const invalid = await t.request('POST', '/api/v1/templates', {
        token: admin.token,
        body: { channelAccountId: 'nope', name: 'ok', language: 'English', body: '', x: 1 },
      });
      expect(invalid.status).toBe(400);
      expect(fields(invalid.body)).toEqual(['body', 'channelAccountId', 'language', 'x']);
      expect(await count('template', admin.user.workspaceId)).toBe(before);
    });
  });

  describe('campaigns', () => {
    it("creates and lists campaigns, refusing another account's template (404)", async () => {
      const ws = await signupWorkspace(t, 'Campaigns');
      const acc1 = await createAccount(ws.token, 'One');
      const acc2 = await createAccount(ws.token, 'Two');
      const tpl = await t.request('POST', '/api/v1/templates', { token: ws.token, body: { channelAccountId: acc1, name: 'promo', body: 'Sale {{1}}' } });
      expect(tpl.status).toBe(201);

      const c1 = await t.request('POST', '/api/v1/campaigns', { token: ws.token, body: { name: 'Spring', channelAccountId: acc1, templateId: tpl.body.id } });
      expect(c1.status).toBe(201);
      expect(c1.body).toEqual({
        id: expect.any(String),
        name: 'Spring',
        channelAccountId: acc1,
        templateId: tpl.body.id,
        status: 'draft',
        createdAt: expect.any(String),
      });
      const c2 = await t.request('POST', '/api/v1/campaigns', { token: ws.token, body: { name: 'Summer', channelAccountId: acc2 } });
      expect(c2.status).toBe(201);
      expect(c2.body.templateId).toBeNull();

      const list = await t.request('GET', '/api/v1/campaigns', { token: ws.token });
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: { name: string }) => c.name)).toEqual(['Summer', 'Spring']);

      const before = await count('campaign', ws.user.workspaceId);
      const wrongTemplate = await t.request('POST', '/api/v1/campaigns', {
        token: ws.token,
        body: { name: 'Mixed', channelAccountId: acc2, templateId: tpl.body.id },
      });
      expect(wrongTemplate.status).toBe(404);
      const foreignAccount = await t.request('POST', '/api/v1/campaigns', { token: ws.token, body: { name: 'Foreign', channelAccountId: otherAccountId } });
      expect(foreignAccount.status).toBe(404);
      const bad = await t.request('POST', '/api/v1/campaigns', { token: ws.token, body: { name: '', channelAccountId: 'x', status: 'running' } });
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['channelAccountId', 'name', 'status']);
      expect(await count('campaign', ws.user.workspaceId)).toBe(before);

      expect((await t.request('GET', '/api/v1/campaigns', { token: other.token })).body.items).toEqual([]);
    });
  });

  describe('autonomy', () => {
    it('returns the defaults for a new workspace', async () => {
      const ws = await signupWorkspace(t, 'Fresh');
      const res = await t.request('GET', '/api/v1/autonomy', { token: ws.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        level: 'controlled',
        channelOverrides: {},
        autoReplyIntents: expect.any(Array),
        highRiskIntents: expect.any(Array),
      });
    });

    it('stores the policy an admin PUTs and returns it', async () => {
      const policy = {
        level: 'full',
        channelOverrides: { [accountId]: 'assisted' },
        autoReplyIntents: ['greeting', 'question'],
        highRiskIntents: ['complaint', 'legal'],
      };
      const put = await t.request('PUT', '/api/v1/autonomy', { token: admin.token, body: policy });
      expect(put.status).toBe(200);
      expect(put.body).toEqual(policy);
      const got = await t.request('GET', '/api/v1/autonomy', { token: operatorToken });
      expect(got.status).toBe(200);
      expect(got.body).toEqual(policy);

      // Another workspace is untouched.
      expect((await t.request('GET', '/api/v1/autonomy', { token: other.token })).body.level).toBe('controlled');

      // A second PUT replaces the first.
      const next = { level: 'assisted', channelOverrides: {}, autoReplyIntents: [], highRiskIntents: ['pricing'] };
      expect((await t.request('PUT', '/api/v1/autonomy', { token: admin.token, body: next })).status).toBe(200);
      expect((await t.request('GET', '/api/v1/autonomy', { token: admin.token })).body).toEqual(next);
    });

    it('drops the override of a deleted channel account, so the policy can still be saved', async () => {
      const ws = await signupWorkspace(t, 'Overrides');
      const keep = await createAccount(ws.token, 'Keep');
      const drop = await createAccount(ws.token, 'Drop');
      const policy = {
        level: 'controlled',
        channelOverrides: { [keep]: 'full', [drop]: 'assisted' },
        autoReplyIntents: ['greeting'],
        highRiskIntents: ['pricing'],
      };
      expect((await t.request('PUT', '/api/v1/autonomy', { token: ws.token, body: policy })).status).toBe(200);

      expect((await t.request('DELETE', `/api/v1/channel-accounts/${drop}`, { token: ws.token })).status).toBe(204);
      const got = await t.request('GET', '/api/v1/autonomy', { token: ws.token });
      expect(got.body).toEqual({ ...policy, channelOverrides: { [keep]: 'full' } });
      // The admin page saves back what it read.
      const saved = await t.request('PUT', '/api/v1/autonomy', { token: ws.token, body: got.body });
      expect(saved.status).toBe(200);
      expect(saved.body).toEqual(got.body);
    });

    it('refuses operators (403), bad input (400) and foreign channel accounts (404)', async () => {
      const ws = await signupWorkspace(t, 'Policy');
      const own = await createAccount(ws.token, 'Mine');
      const valid = { level: 'controlled', channelOverrides: {}, autoReplyIntents: ['greeting'], highRiskIntents: [] };
      const initial = (await t.request('GET', '/api/v1/autonomy', { token: ws.token })).body;

      expect((await t.request('PUT', '/api/v1/autonomy', { token: operatorToken, body: valid })).status).toBe(403);

      const badLevel = await t.request('PUT', '/api/v1/autonomy', { token: ws.token, body: { ...valid, level: 'reckless' } });
      expect(badLevel.status).toBe(400);
      expect(fields(badLevel.body)).toEqual(['level']);

      const badOverride = await t.request('PUT', '/api/v1/autonomy', { token: ws.token, body: { ...valid, channelOverrides: { [own]: 'reckless' } } });
      expect(badOverride.status).toBe(400);
      expect(fields(badOverride.body)).toEqual(['channelOverrides']);

      const unknown = await t.request('PUT', '/api/v1/autonomy', { token: ws.token, body: { ...valid, mood: 'brave' } });
      expect(unknown.status).toBe(400);
      expect(fields(unknown.body)).toEqual(['mood']);

      const missing = await t.request('PUT', '/api/v1/autonomy', { token: ws.token, body: { level: 'full' } });
      expect(missing.status).toBe(400);
      expect(fields(missing.body)).toEqual(['autoReplyIntents', 'channelOverrides', 'highRiskIntents']);

      const foreign = await t.request('PUT', '/api/v1/autonomy', {
        token: ws.token,
        body: { ...valid, channelOverrides: { [own]: 'full', [otherAccountId]: 'full' } },
      });
      expect(foreign.status).toBe(404);

      // Nothing was stored by the refused requests.
      const got = await t.request('GET', '/api/v1/autonomy', { token: ws.token });
      expect(got.body).toEqual(initial);
      expect(got.body.autoReplyIntents).not.toEqual(['greeting']);
    });
  });
});

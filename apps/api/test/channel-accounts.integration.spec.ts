import { randomBytes } from 'node:crypto';
import { createTestApp, signupWorkspace, type TestApp } from './harness';

const sid = () => 'AC' + randomBytes(16).toString('hex');
const fields = (body: { details?: { field: string }[] }) => (body.details ?? []).map((d) => d.field);

describe('channel accounts and plugins', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signupWorkspace>>;
  let operatorToken: string;

  const rows = (sql: string, params: unknown[] = []) => t.orm.em.getConnection().execute(sql, params);
  const countAccounts = async (workspaceId: string) =>
    Number((await rows('select count(*)::int as n from channel_account where workspace_id = ?', [workspaceId]))[0].n);
  const createSms = (token: string, config: Record<string, unknown> = {}, name = 'Main line') =>
    t.request('POST', '/api/v1/channel-accounts', {
      token,
      body: {
        plugin: 'twilio-sms',
        name,
        config: { accountSid: sid(), authToken: 'tok-' + randomBytes(8).toString('hex'), fromNumber: '+15550001111', ...config },
      },
    });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signupWorkspace(t, 'Channels');
    const created = await t.request('POST', '/api/v1/users', {
      token: admin.token,
      body: { email: 'op@channels.test', name: 'Op', password: 'operator pw 1', role: 'operator' },
    });
    expect(created.status).toBe(201);
    const login = await t.request('POST', '/api/v1/auth/login', { body: { email: 'op@channels.test', password: 'operator pw 1' } });
    expect(login.status).toBe(200);
    operatorToken = login.body.accessToken;
  });
  afterAll(() => t.close());

  it('creates a twilio-sms account with its webhook URL and write-only, encrypted secrets', async () => {
    const secret = 'super-secret-auth-token-' + randomBytes(8).toString('hex');
    const accountSid = sid();
    const res = await t.request('POST', '/api/v1/channel-accounts', {
      token: admin.token,
      body: { plugin: 'twilio-sms', name: 'Main line', config: { accountSid, authToken: secret, fromNumber: '+15550001111' } },
    });
    expect(res.status).toBe(201);
    const id = res.body.id;
    expect(res.body).toMatchObject({ plugin: 'twilio-sms', channel: 'sms', name: 'Main line', active: true });
    expect(res.body.webhookUrl).toBe(`https://parley.test/webhooks/twilio-sms/${id}`);
    expect(res.body.config).toMatchObject({ accountSid, fromNumber: '+15550001111', authToken: null, authTokenSet: true });
    expect(res.body.createdAt).toEqual(expect.any(String));
    expect(JSON.stringify(res.body)).not.toContain(secret);

    const list = await t.request('GET', '/api/v1/channel-accounts', { token: admin.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: { id: string }) => a.id)).toContain(id);
    expect(JSON.stringify(list.body)).not.toContain(secret);

    const one = await t.request('GET', `/api/v1/channel-accounts/${id}`, { token: admin.token });
    expect(one.status).toBe(200);
    expect(one.body).toEqual(res.body);
    expect(JSON.stringify(one.body)).not.toContain(secret);

    const [row] = await rows('select config, secrets from channel_account where id = ?', [id]);
    expect(row.config).not.toHaveProperty('authToken');
    expect(JSON.stringify(row.config)).not.toContain(secret);
    expect(row.secrets).toEqual(expect.any(String));
    expect(row.secrets).not.toContain(secret);
    expect(row.secrets).not.toContain(Buffer.from(secret).toString('base64'));
    expect(row.secrets).toMatch(/^v1\./);
  });

  it('masks every whatsapp-cloud secret', async () => {
    const secrets = {
      accessToken: 'EAAG-access-' + randomBytes(6).toString('hex'),
      appSecret: 'app-secret-' + randomBytes(6).toString('hex'),
      verifyToken: 'verify-' + randomBytes(6).toString('hex'),
    };
    const res = await t.request('POST', '/api/v1/channel-accounts', {
      token: admin.token,
      body: { plugin: 'whatsapp-cloud', name: 'WhatsApp', config: { phoneNumberId: '1234567890', ...secrets } },
    });
    expect(res.status).toBe(201);
    expect(res.body.channel).toBe('whatsapp');
    expect(res.body.webhookUrl).toBe(`https://parley.test/webhooks/whatsapp-cloud/${res.body.id}`);
    expect(res.body.config).toMatchObject({
      phoneNumberId: '1234567890',
      accessToken: null,
      accessTokenSet: true,
      appSecret: null,
      appSecretSet: true,
      verifyToken: null,
      verifyTokenSet: true,
    });
    const one = await t.request('GET', `/api/v1/channel-accounts/${res.body.id}`, { token: admin.token });
    const [row] = await rows('select config, secrets from channel_account where id = ?', [res.body.id]);
    for (const value of Object.values(secrets)) {
      expect(JSON.stringify(res.body)).not.toContain(value);
      expect(JSON.stringify(one.body)).not.toContain(value);
      expect(JSON.stringify(row.config)).not.toContain(value);
      expect(row.secrets).not.toContain(value);
    }
  });

  it('masks the nested smtp.password of an email account', async () => {
    const password = 'smtp-pw-' + randomBytes(6).toString('hex');
    const res = await t.request('POST', '/api/v1/channel-accounts', {
      token: admin.token,
      body: {
        plugin: 'email',
        name: 'Support mail',
        config: { address: 'support@channels.test', smtp: { host: 'smtp.channels.test', port: 587, secure: false, user: 'support', password } },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.channel).toBe('email');
    expect(res.body.config.smtp).toMatchObject({ host: 'smtp.channels.test', port: 587, secure: false, user: 'support', password: null, passwordSet: true });
    const one = await t.request('GET', `/api/v1/channel-accounts/${res.body.id}`, { token: admin.token });
    expect(one.body.config.smtp).toMatchObject({ password: null, passwordSet: true });
    expect(JSON.stringify(one.body)).not.toContain(password);
    const [row] = await rows('select config, secrets from channel_account where id = ?', [res.body.id]);
    expect(row.config.smtp).not.toHaveProperty('password');
    expect(row.secrets).not.toContain(password);

    // PATCH leaving the password null keeps it; other smtp fields change.
    const patched = await t.request('PATCH', `/api/v1/channel-accounts/${res.body.id}`, {
      token: admin.token,
      body: { config: { smtp: { host: 'smtp2.channels.test', password: null, passwordSet: true } } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.config.smtp).toMatchObject({ host: 'smtp2.channels.test', port: 587, password: null, passwordSet: true });

    // No IMAP section is made up for an account without one, and the form's echo of the whole config saves.
    expect(patched.body.config).not.toHaveProperty('imap');
    const echoed = await t.request('PATCH', `/api/v1/channel-accounts/${res.body.id}`, { token: admin.token, body: { config: patched.body.config } });
    expect(echoed.status).toBe(200);
    // A new section arrives with the form's `passwordSet` echo: the echo is dropped, the password stored and masked.
    const withImap = await t.request('PATCH', `/api/v1/channel-accounts/${res.body.id}`, {
      token: admin.token,
      body: { config: { imap: { host: 'imap.channels.test', port: 993, secure: true, user: 'support', password: 'imap-secret', passwordSet: false } } },
    });
    expect(withImap.status).toBe(200);
    expect(withImap.body.config.imap).toMatchObject({ host: 'imap.channels.test', password: null, passwordSet: true });
    expect(JSON.stringify(withImap.body)).not.toContain('imap-secret');
  });

  it('PATCH keeps a secret sent as null and replaces it when a new value is sent', async () => {
    const created = await createSms(admin.token);
    expect(created.status).toBe(201);
    const id = created.body.id;
    const [before] = await rows('select secrets from channel_account where id = ?', [id]);

    const kept = await t.request('PATCH', `/api/v1/channel-accounts/${id}`, {
      token: admin.token,
      body: { config: { authToken: null, fromNumber: '+15550002222' } },
    });
    expect(kept.status).toBe(200);
    expect(kept.body.config).toMatchObject({ fromNumber: '+15550002222', authToken: null, authTokenSet: true, accountSid: created.body.config.accountSid });
    const [afterKeep] = await rows('select config, secrets from channel_account where id = ?', [id]);
    expect(afterKeep.config.fromNumber).toBe('+15550002222');
    expect(afterKeep.secrets).toEqual(expect.any(String));

    const renamed = await t.request('PATCH', `/api/v1/channel-accounts/${id}`, { token: admin.token, body: { name: 'Renamed', active: false } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Renamed', active: false });
    expect(renamed.body.config).toMatchObject({ fromNumber: '+15550002222', authTokenSet: true });

    const newSecret = 'brand-new-token-' + randomBytes(6).toString('hex');
    const replaced = await t.request('PATCH', `/api/v1/channel-accounts/${id}`, { token: admin.token, body: { config: { authToken: newSecret } } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.config).toMatchObject({ authToken: null, authTokenSet: true, fromNumber: '+15550002222' });
    expect(JSON.stringify(replaced.body)).not.toContain(newSecret);
    const [afterReplace] = await rows('select secrets from channel_account where id = ?', [id]);
    expect(afterReplace.secrets).not.toBe(before.secrets);
    expect(afterReplace.secrets).not.toBe(afterKeep.secrets);
    expect(afterReplace.secrets).not.toContain(newSecret);

    const nulls = await t.request('PATCH', `/api/v1/channel-accounts/${id}`, { token: admin.token, body: { name: null, active: null } });
    expect(nulls.status).toBe(400);
    expect(fields(nulls.body).sort()).toEqual(['active', 'name']);
    expect((await t.request('GET', `/api/v1/channel-accounts/${id}`, { token: admin.token })).body).toMatchObject({ name: 'Renamed', active: false });

    // A non-secret field sent as null is cleared: switching the sender to a Messaging Service.
    const mg = 'MG' + randomBytes(16).toString('hex');
    const switched = await t.request('PATCH', `/api/v1/channel-accounts/${id}`, {
      token: admin.token,
      body: { config: { fromNumber: null, messagingServiceSid: mg, authToken: null, authTokenSet: true } },
    });
    expect(switched.status).toBe(200);
    expect(switched.body.config).toMatchObject({ messagingServiceSid: mg, authToken: null, authTokenSet: true });
    expect(switched.body.config).not.toHaveProperty('fromNumber');
    const back = await t.request('PATCH', `/api/v1/channel-accounts/${id}`, {
      token: admin.token,
      body: { config: { fromNumber: '+15550002222', messagingServiceSid: null } },
    });
    expect(back.status).toBe(200);
    expect(back.body.config).toMatchObject({ fromNumber: '+15550002222', authTokenSet: true });
    expect(back.body.config).not.toHaveProperty('messagingServiceSid');
    const both = await t.request('PATCH', `/api/v1/channel-accounts/${id}`, { token: admin.token, body: { config: { messagingServiceSid: mg } } });
    expect(both.status).toBe(400);

    const invalid = await t.request('PATCH', `/api/v1/channel-accounts/${id}`, { token: admin.token, body: { config: { fromNumber: '555' } } });
    expect(invalid.status).toBe(400);
    expect(fields(invalid.body)).toContain('config.fromNumber');
    const [afterInvalid] = await rows('select config from channel_account where id = ?', [id]);
    expect(afterInvalid.config.fromNumber).toBe('+15550002222');
  });

  it('answers 400 naming each bad field and stores nothing', async () => {
    const ws = await signupWorkspace(t, 'Invalid');
    const badSid = await createSms(ws.token, { accountSid: 'AC123' });
    expect(badSid.status).toBe(400);
    expect(badSid.body.error).toBe('Bad Request');
    expect(fields(badSid.body)).toEqual(['config.accountSid']);
    expect(badSid.body.message).toContain('accountSid');

    const noSender = await createSms(ws.token, { fromNumber: undefined });
    expect(noSender.status).toBe(400);
    expect(fields(noSender.body)).toContain('config.fromNumber');

    const unknownField = await createSms(ws.token, { region: 'us1' });
    expect(unknownField.status).toBe(400);
    expect(fields(unknownField.body)).toEqual(['config.region']);

    const unknownPlugin = await t.request('POST', '/api/v1/channel-accounts', {
      token: ws.token,
      body: { plugin: 'carrier-pigeon', name: 'Birds', config: {} },
    });
    expect(unknownPlugin.status).toBe(400);
    expect(fields(unknownPlugin.body)).toEqual(['plugin']);

    const unknownTop = await t.request('POST', '/api/v1/channel-accounts', {
      token: ws.token,
      body: { plugin: 'twilio-sms', name: 'X', config: {}, secret: 1 },
    });
    expect(unknownTop.status).toBe(400);
    expect(fields(unknownTop.body)).toContain('secret');

    const noName = await t.request('POST', '/api/v1/channel-accounts', { token: ws.token, body: { plugin: 'twilio-sms', config: 'nope' } });
    expect(noName.status).toBe(400);
    expect(fields(noName.body).sort()).toEqual(['config', 'name']);

    const badNested = await t.request('POST', '/api/v1/channel-accounts', {
      token: ws.token,
      body: { plugin: 'email', name: 'Mail', config: { address: 'not-an-email', smtp: { host: 'h', port: 70000, secure: false } } },
    });
    expect(badNested.status).toBe(400);
    expect(fields(badNested.body).sort()).toEqual(['config.address', 'config.smtp.port']);

    expect(await countAccounts(ws.user.workspaceId)).toBe(0);
    const list = await t.request('GET', '/api/v1/channel-accounts', { token: ws.token });
    expect(list.body).toEqual({ items: [], nextCursor: null });
  });

  it('lets operators read but not write (403)', async () => {
    const created = await createSms(admin.token, {}, 'Operator visible');
    expect(created.status).toBe(201);
    const before = await countAccounts(admin.user.workspaceId);

    const list = await t.request('GET', '/api/v1/channel-accounts', { token: operatorToken });
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: { id: string }) => a.id)).toContain(created.body.id);
    const one = await t.request('GET', `/api/v1/channel-accounts/${created.body.id}`, { token: operatorToken });
    expect(one.status).toBe(200);
    expect(one.body.config).toMatchObject({ authToken: null, authTokenSet: true });

    expect((await createSms(operatorToken)).status).toBe(403);
    const patch = await t.request('PATCH', `/api/v1/channel-accounts/${created.body.id}`, { token: operatorToken, body: { name: 'Hijacked' } });
    expect(patch.status).toBe(403);
    expect(patch.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect((await t.request('DELETE', `/api/v1/channel-accounts/${created.body.id}`, { token: operatorToken })).status).toBe(403);

    expect(await countAccounts(admin.user.workspaceId)).toBe(before);
    const [row] = await rows('select name from channel_account where id = ?', [created.body.id]);
    expect(row.name).toBe('Operator visible');
  });

  it("answers 404 for another workspace's account and lists only its own", async () => {
    const a = await signupWorkspace(t, 'Alpha');
    const b = await signupWorkspace(t, 'Beta');
    const mine = await createSms(a.token, {}, 'A line');
    const theirs = await createSms(b.token, {}, 'B line');
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);

    const get = await t.request('GET', `/api/v1/channel-accounts/${theirs.body.id}`, { token: a.token });
    expect(get.status).toBe(404);
    expect(get.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect(JSON.stringify(get.body)).not.toContain('B line');
    expect((await t.request('PATCH', `/api/v1/channel-accounts/${theirs.body.id}`, { token: a.token, body: { name: 'pwned' } })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/channel-accounts/${theirs.body.id}`, { token: a.token })).status).toBe(404);

    const [row] = await rows('select name from channel_account where id = ?', [theirs.body.id]);
    expect(row.name).toBe('B line');
    const list = await t.request('GET', '/api/v1/channel-accounts', { token: a.token });
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([mine.body.id]);
  });

  it('deletes an unused account (204) and refuses one with conversations (409)', async () => {
    const ws = await signupWorkspace(t, 'Deleting');
    const unused = await createSms(ws.token, {}, 'Unused');
    const used = await createSms(ws.token, {}, 'Used');

    const conv = await t.request('POST', '/api/v1/conversations', {
      token: ws.token,
      body: { channelAccountId: used.body.id, contact: { name: 'Carol', phone: '+15550003333' } },
    });
    expect(conv.status).toBe(201);
    // The list shows when each account was last active (its conversations' newest activity).
    const listed = (await t.request('GET', '/api/v1/channel-accounts', { token: ws.token })).body.items as { id: string; lastActivityAt: string | null }[];
    expect(listed.find((a) => a.id === used.body.id)?.lastActivityAt).toEqual(expect.any(String));
    expect(listed.find((a) => a.id === unused.body.id)?.lastActivityAt).toBeNull();

    expect((await t.request('DELETE', `/api/v1/channel-accounts/${unused.body.id}`, { token: ws.token })).status).toBe(204);
    expect((await t.request('GET', `/api/v1/channel-accounts/${unused.body.id}`, { token: ws.token })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/channel-accounts/${unused.body.id}`, { token: ws.token })).status).toBe(404);

    const refused = await t.request('DELETE', `/api/v1/channel-accounts/${used.body.id}`, { token: ws.token });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ statusCode: 409, error: 'Conflict', message: expect.any(String) });
    expect((await t.request('GET', `/api/v1/channel-accounts/${used.body.id}`, { token: ws.token })).status).toBe(200);
    expect((await t.request('GET', `/api/v1/conversations/${conv.body.id}`, { token: ws.token })).status).toBe(200);
  });

  it('answers 400 for a malformed account id', async () => {
    expect((await t.request('GET', '/api/v1/channel-accounts/not-a-uuid', { token: admin.token })).status).toBe(400);
  });

  it('lists the installed channel plugins with their secret fields', async () => {
    const res = await t.request('GET', '/api/v1/plugins', { token: operatorToken });
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.items.map((p: { id: string }) => [p.id, p]));
    expect(Object.keys(byId).sort()).toEqual(['email', 'openai', 'rules', 'twilio-sms', 'twilio-voice', 'webchat', 'whatsapp-cloud']);
    expect(byId['openai']).toMatchObject({ kind: 'ai', secretFields: ['apiKey'] });
    expect(byId['rules']).toMatchObject({ kind: 'ai', secretFields: [] });
    expect(byId['twilio-sms']).toMatchObject({ kind: 'channel', channel: 'sms', secretFields: ['authToken'] });
    expect(byId['twilio-voice']).toMatchObject({ channel: 'voice', secretFields: ['authToken'] });
    expect(byId['whatsapp-cloud'].channel).toBe('whatsapp');
    expect([...byId['whatsapp-cloud'].secretFields].sort()).toEqual(['accessToken', 'appSecret', 'verifyToken']);
    expect(byId['webchat']).toMatchObject({ channel: 'webchat', secretFields: [] });
    // Nested secrets (the SMTP and IMAP passwords) are named by their path in the config.
    expect(byId['email']).toMatchObject({ channel: 'email' });
    expect([...byId['email'].secretFields].sort()).toEqual(['imap.password', 'inboundSecret', 'smtp.password']);
    expect((await t.request('GET', '/api/v1/plugins')).status).toBe(401);
  });
});

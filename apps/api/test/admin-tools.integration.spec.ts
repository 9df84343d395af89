import { createTestApp, signupWorkspace, smsDesk, TwilioApiDouble, type TestApp } from './harness';

const AUTH_TOKEN = 'admin-tools-auth-token';

/** What the admin pages use besides CRUD: the autonomy preview, the assistant's "try it", a channel's connection test. */
describe('admin tools', () => {
  let t: TestApp;
  let twilio: TwilioApiDouble;
  let desk: Awaited<ReturnType<typeof smsDesk>>;
  let operatorToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    twilio = await new TwilioApiDouble(`AC${'d7'.repeat(16)}`, AUTH_TOKEN).start();
    desk = await smsDesk(t, twilio, { authToken: AUTH_TOKEN, fromNumber: '+15550107000', level: 'controlled', name: 'Tools' });
    await t.request('POST', '/api/v1/users', {
      token: desk.admin.token,
      body: { name: 'Olive', email: 'olive@tools.test', password: 'operator-password-1', role: 'operator' },
    });
    operatorToken = (await t.request('POST', '/api/v1/auth/login', { body: { email: 'olive@tools.test', password: 'operator-password-1' } })).body.accessToken;
  });
  afterAll(async () => {
    await t.close();
    await twilio.stop();
  });

  const count = async (table: string) => Number((await t.orm.em.getConnection().execute(`select count(*) as n from ${table}`))[0].n);

  it('previews a policy before it is saved, with the decision table the assistant uses, and saves nothing', async () => {
    const saved = (await t.request('GET', '/api/v1/autonomy', { token: desk.admin.token })).body;
    const policy = { level: 'controlled', channelOverrides: {}, autoReplyIntents: ['greeting', 'pricing'], highRiskIntents: ['pricing'] };
    const res = await t.request('POST', '/api/v1/autonomy/preview', { token: desk.admin.token, body: policy });
    expect(res.status).toBe(200);
    const cell = (intent: string, risk: string) =>
      res.body.rows.find(
        (r: { intent: string; reportedRisk: string; channelAccountId: string }) =>
          r.intent === intent && r.reportedRisk === risk && r.channelAccountId === desk.accountId,
      );
    expect(res.body.channelAccounts).toEqual([{ id: desk.accountId, name: 'Main line', channel: 'sms', level: 'controlled', overridden: false }]);
    expect(cell('greeting', 'low')).toMatchObject({ delivery: 'send', risk: 'low' });
    expect(cell('greeting', 'medium')).toMatchObject({ delivery: 'draft' });
    // A high-risk intent is high whatever the provider reports: held under controlled.
    expect(cell('pricing', 'low')).toMatchObject({ delivery: 'draft', risk: 'high', reason: 'high risk under controlled' });
    expect(cell('complaint', 'low')).toMatchObject({ delivery: 'draft', reason: 'the intent is not an auto-reply intent under controlled' });

    const full = await t.request('POST', '/api/v1/autonomy/preview', {
      token: desk.admin.token,
      body: { ...policy, level: 'assisted', channelOverrides: { [desk.accountId]: 'full' } },
    });
    expect(full.body.channelAccounts[0]).toMatchObject({ level: 'full', overridden: true });
    expect(full.body.rows.find((r: { intent: string; reportedRisk: string }) => r.intent === 'pricing' && r.reportedRisk === 'low')).toMatchObject({
      delivery: 'send',
    });
    expect((await t.request('GET', '/api/v1/autonomy', { token: desk.admin.token })).body).toEqual(saved);

    const unknown = await t.request('POST', '/api/v1/autonomy/preview', {
      token: desk.admin.token,
      body: { ...policy, channelOverrides: { '01a251da-0000-7000-8000-000000000000': 'full' } },
    });
    expect(unknown.status).toBe(404);
    expect((await t.request('POST', '/api/v1/autonomy/preview', { token: desk.admin.token, body: { ...policy, level: 'reckless' } })).status).toBe(400);
  });

  it('tries a question through the workspace’s provider and shows the report and the decision, touching no customer', async () => {
    const before = await Promise.all(['conversation', 'contact', 'message', 'outbox', 'knowledge_gap'].map(count));
    const res = await t.request('POST', '/api/v1/assistant/try', { token: desk.admin.token, body: { question: 'What are your opening hours?' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      provider: 'rules',
      ok: true,
      error: null,
      report: { reply: expect.any(String), intent: { name: expect.any(String) }, risk: { level: expect.any(String) } },
      decision: { kind: expect.any(String), channelAccountId: desk.accountId, reason: expect.any(String) },
    });
    expect(res.body.knowledge.length).toBeGreaterThan(0);
    const human = await t.request('POST', '/api/v1/assistant/try', { token: desk.admin.token, body: { question: 'I want to talk to a person' } });
    expect(human.body.decision).toMatchObject({ kind: 'escalate' });
    expect(await Promise.all(['conversation', 'contact', 'message', 'outbox', 'knowledge_gap'].map(count))).toEqual(before);
    expect(twilio.sent).toEqual([]);

    expect((await t.request('POST', '/api/v1/assistant/try', { token: operatorToken, body: { question: 'Hi' } })).status).toBe(403);
    const empty = await t.request('POST', '/api/v1/assistant/try', { token: desk.admin.token, body: {} });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('question');
  });

  it('tests a channel account’s connection with its stored config; another workspace’s id is a 404', async () => {
    const ok = await t.request('POST', `/api/v1/channel-accounts/${desk.accountId}/check`, { token: desk.admin.token });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ supported: true, ok: true, message: expect.stringContaining('Twilio account') });

    // A wrong token: Twilio answers 401, shown as the plugin's reason, not an error page.
    await t.request('PATCH', `/api/v1/channel-accounts/${desk.accountId}`, { token: desk.admin.token, body: { config: { authToken: 'wrong-token' } } });
    const refused = await t.request('POST', `/api/v1/channel-accounts/${desk.accountId}/check`, { token: desk.admin.token });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ supported: true, ok: false, message: expect.stringContaining('Twilio refused') });

    const stranger = await signupWorkspace(t, 'Tools stranger');
    expect((await t.request('POST', `/api/v1/channel-accounts/${desk.accountId}/check`, { token: stranger.token })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/channel-accounts/${desk.accountId}/check`, { token: operatorToken })).status).toBe(403);
  });
});

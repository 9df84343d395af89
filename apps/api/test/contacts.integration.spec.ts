import { createChannelAccount, createTestApp, insertConversation, signupWorkspace, type TestApp } from './harness';

describe('contacts', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signupWorkspace>>;
  let other: Awaited<ReturnType<typeof signupWorkspace>>;
  let sms: { id: string };
  let contactId: string;
  let openConversation: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signupWorkspace(t, 'Contacts');
    other = await signupWorkspace(t, 'Elsewhere');
    sms = await createChannelAccount(t, admin.token, 'sms');
    const ws = admin.user.workspaceId;
    const first = await insertConversation(t, {
      workspaceId: ws,
      channelAccountId: sms.id,
      channel: 'sms',
      contact: { name: 'Rosa Diaz', phone: '+15550142001', email: 'rosa@diaz.test' },
      status: 'resolved',
      lastActivityAt: new Date(Date.now() - 86400_000),
      messages: [{ direction: 'inbound', body: 'first visit question' }],
    });
    contactId = first.contactId;
    openConversation = (
      await insertConversation(t, {
        workspaceId: ws,
        channelAccountId: sms.id,
        channel: 'sms',
        contact: { id: contactId, name: 'Rosa Diaz' },
        messages: [{ direction: 'inbound', body: 'back again' }],
      })
    ).id;
    await insertConversation(t, { workspaceId: ws, channelAccountId: sms.id, channel: 'sms', contact: { name: 'Ben Wyatt', phone: '+15550142002' } });
    await insertConversation(t, { workspaceId: ws, channelAccountId: sms.id, channel: 'sms', contact: { name: 'Ann Perkins', email: 'ann@perkins.test' } });
    const otherSms = await createChannelAccount(t, other.token, 'sms');
    await insertConversation(t, {
      workspaceId: other.user.workspaceId,
      channelAccountId: otherSms.id,
      channel: 'sms',
      contact: { name: 'Rosa Diaz', phone: '+15550142001' },
    });
  });
  afterAll(() => t.close());

  it('searches by name, email and phone fragment within the workspace', async () => {
    const search = async (q: string) =>
      (await t.request('GET', `/api/v1/contacts?q=${encodeURIComponent(q)}`, { token: admin.token })).body.items.map((c: { name: string }) => c.name);
    expect(await search('rosa')).toEqual(['Rosa Diaz']);
    expect(await search('perkins.test')).toEqual(['Ann Perkins']);
    expect(await search('555-0142')).toEqual(['Ben Wyatt', 'Rosa Diaz']);
    expect(await search('0142002')).toEqual(['Ben Wyatt']);
    expect((await t.request('GET', '/api/v1/contacts', { token: admin.token })).body.items).toHaveLength(3);
  });

  it('pages contacts with a cursor', async () => {
    const first = await t.request('GET', '/api/v1/contacts?limit=2', { token: admin.token });
    const second = await t.request('GET', `/api/v1/contacts?limit=2&cursor=${first.body.nextCursor}`, { token: admin.token });
    const all = [...first.body.items, ...second.body.items].map((c: { id: string }) => c.id);
    expect(new Set(all).size).toBe(3);
    expect(second.body.nextCursor).toBeNull();
  });

  it('shows identities and previous conversations', async () => {
    const res = await t.request('GET', `/api/v1/contacts/${contactId}`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Rosa Diaz',
      email: 'rosa@diaz.test',
      identities: [{ channel: 'sms', address: '+15550142001' }],
      aiPaused: false,
      optedOutChannels: [],
    });
    expect(res.body.previousConversations.map((c: { id: string; status: string }) => c.status)).toEqual(['ai_handling', 'resolved']);
  });

  it('updates fields, normalising the phone, and rejects unknown ones', async () => {
    const res = await t.request('PATCH', `/api/v1/contacts/${contactId}`, {
      token: admin.token,
      body: { company: 'Diaz & Co', phone: '+1 (555) 014-2001', metadata: { timezone: 'America/Chicago' } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ company: 'Diaz & Co', phone: '+15550142001', metadata: { timezone: 'America/Chicago' } });
    const bad = await t.request('PATCH', `/api/v1/contacts/${contactId}`, { token: admin.token, body: { email: 'not-an-email', vip: true } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'vip']);
  });

  it('pauses and resumes the AI for a contact, noting it on the open conversation', async () => {
    const paused = await t.request('POST', `/api/v1/contacts/${contactId}/ai-pause`, { token: admin.token, body: { reason: 'Price negotiation' } });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ aiPaused: true, aiPauseReason: 'Price negotiation' });
    const resumed = await t.request('POST', `/api/v1/contacts/${contactId}/ai-resume`, { token: admin.token });
    expect(resumed.body).toMatchObject({ aiPaused: false, aiPauseReason: null });
    const timeline = await t.request('GET', `/api/v1/conversations/${openConversation}/timeline`, { token: admin.token });
    expect(timeline.body.items.map((e: { type: string; data: unknown }) => [e.type, e.data])).toEqual([
      ['contact.ai_paused', { reason: 'Price negotiation' }],
      ['contact.ai_resumed', {}],
    ]);
  });

  it("answers 404 for another workspace's contact on every route", async () => {
    for (const [method, url, body] of [
      ['GET', `/api/v1/contacts/${contactId}`],
      ['PATCH', `/api/v1/contacts/${contactId}`, { name: 'x' }],
      ['POST', `/api/v1/contacts/${contactId}/ai-pause`, {}],
      ['POST', `/api/v1/contacts/${contactId}/ai-resume`],
    ] as [string, string, unknown?][]) {
      expect((await t.request(method, url, { token: other.token, body })).status).toBe(404);
    }
    const foreign = await t.request('GET', '/api/v1/contacts?q=rosa', { token: other.token });
    expect(foreign.body.items.map((c: { id: string }) => c.id)).not.toContain(contactId);
    expect(foreign.body.items).toHaveLength(1);
  });
});

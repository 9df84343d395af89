import { createChannelAccount, createTestApp, insertConversation, signupWorkspace, type TestApp } from './harness';

/** `POST /contacts/:id/merge` (API.md): the other contact's identities and conversations move here. */
describe('contact merge', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signupWorkspace>>;
  let stranger: Awaited<ReturnType<typeof signupWorkspace>>;
  let sms: { id: string };
  let email: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signupWorkspace(t, 'Merge');
    stranger = await signupWorkspace(t, 'Merge stranger');
    sms = await createChannelAccount(t, admin.token, 'sms');
    email = await createChannelAccount(t, admin.token, 'email');
  });
  afterAll(() => t.close());

  const contact = (token: string, id: string) => t.request('GET', `/api/v1/contacts/${id}`, { token });
  const merge = (token: string, id: string, contactId: unknown) => t.request('POST', `/api/v1/contacts/${id}/merge`, { token, body: { contactId } });

  it('moves identities and conversations, fills empty fields, keeps opt-outs, and the other contact is gone', async () => {
    const bySms = await insertConversation(t, {
      workspaceId: admin.user.workspaceId,
      channelAccountId: sms.id,
      channel: 'sms',
      contact: { name: 'Dana Whitfield', phone: '+15550142001' },
      optedOut: true,
      messages: [{ direction: 'inbound', body: 'STOP' }],
    });
    const byEmail = await insertConversation(t, {
      workspaceId: admin.user.workspaceId,
      channelAccountId: email.id,
      channel: 'email',
      contact: { name: 'D. Whitfield', email: 'dana@whitfield.test' },
      messages: [{ direction: 'inbound', body: 'Invoice question' }],
    });

    const res = await merge(admin.token, bySms.contactId, byEmail.contactId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: bySms.contactId,
      name: 'Dana Whitfield',
      phone: '+15550142001',
      email: 'dana@whitfield.test',
      optedOutChannels: ['sms'],
    });
    expect(res.body.identities).toEqual(
      expect.arrayContaining([
        { channel: 'sms', address: '+15550142001' },
        { channel: 'email', address: 'dana@whitfield.test' },
      ]),
    );
    expect(res.body.previousConversations.map((c: { id: string }) => c.id).sort()).toEqual([bySms.id, byEmail.id].sort());
    expect((await contact(admin.token, byEmail.contactId)).status).toBe(404);
    const moved = await t.request('GET', `/api/v1/conversations/${byEmail.id}`, { token: admin.token });
    expect(moved.body.contact).toMatchObject({ id: bySms.contactId, name: 'Dana Whitfield' });
    const timeline = (await t.request('GET', `/api/v1/conversations/${byEmail.id}/timeline`, { token: admin.token })).body.items;
    expect(timeline.find((e: { type: string }) => e.type === 'contact.merged')).toMatchObject({
      actor: { kind: 'operator', id: admin.user.id },
      data: { fromContactId: byEmail.contactId, intoContactId: bySms.contactId, fromName: 'D. Whitfield' },
    });
    // The conversations' cards move with them (realtime frames are these cards).
    const [event] = await t.orm.em
      .getConnection()
      .execute(`select count(*) as n from outbox where name = 'conversation.updated' and payload->'data'->>'id' = ?`, [byEmail.id]);
    expect(Number(event.n)).toBeGreaterThan(0);
  });

  it('refuses a merge into itself, a missing contactId and another workspace’s contacts, changing nothing', async () => {
    const mine = await insertConversation(t, {
      workspaceId: admin.user.workspaceId,
      channelAccountId: sms.id,
      channel: 'sms',
      contact: { name: 'Self', phone: '+15550142002' },
    });
    const strangerSms = await createChannelAccount(t, stranger.token, 'sms');
    const theirs = await insertConversation(t, {
      workspaceId: stranger.user.workspaceId,
      channelAccountId: strangerSms.id,
      channel: 'sms',
      contact: { name: 'Theirs', phone: '+15550142003' },
    });
    expect((await merge(admin.token, mine.contactId, mine.contactId)).status).toBe(400);
    const missing = await merge(admin.token, mine.contactId, undefined);
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('contactId');
    expect((await merge(admin.token, mine.contactId, theirs.contactId)).status).toBe(404);
    expect((await merge(admin.token, theirs.contactId, mine.contactId)).status).toBe(404);
    expect((await contact(stranger.token, theirs.contactId)).status).toBe(200);
    expect((await contact(admin.token, mine.contactId)).body.identities).toEqual([{ channel: 'sms', address: '+15550142002' }]);
  });
});

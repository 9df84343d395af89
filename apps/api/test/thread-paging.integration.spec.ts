import { v7 as uuidv7 } from 'uuid';
import { createChannelAccount, createTestApp, insertConversation, signupWorkspace, type TestApp } from './harness';

/** Long threads open at their end (`order=desc`), a failed reply is retried once, never doubled, and the composer knows the window. */
describe('thread paging and Retry', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signupWorkspace>>;
  let stranger: Awaited<ReturnType<typeof signupWorkspace>>;
  let sms: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signupWorkspace(t, 'Thread');
    stranger = await signupWorkspace(t, 'Thread stranger');
    sms = await createChannelAccount(t, admin.token, 'sms');
  });
  afterAll(() => t.close());

  const conversation = (phone: string, messages: { direction: 'inbound' | 'outbound'; body: string; at: Date }[]) =>
    insertConversation(t, { workspaceId: admin.user.workspaceId, channelAccountId: sms.id, channel: 'sms', contact: { name: 'Pat', phone }, messages });

  it('pages messages and the timeline newest first with order=desc, each cursor further back', async () => {
    const base = Date.parse('2026-11-02T09:00:00Z');
    const { id } = await conversation(
      '+15550160001',
      Array.from({ length: 5 }, (_, i) => ({ direction: 'inbound' as const, body: `message ${i + 1}`, at: new Date(base + i * 60_000) })),
    );
    const page = (query: string) => t.request('GET', `/api/v1/conversations/${id}/messages?${query}`, { token: admin.token });
    const first = await page('order=desc&limit=2');
    expect(first.body.items.map((m: { body: string }) => m.body)).toEqual(['message 5', 'message 4']);
    const second = await page(`order=desc&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((m: { body: string }) => m.body)).toEqual(['message 3', 'message 2']);
    const third = await page(`order=desc&limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body.items.map((m: { body: string }) => m.body)).toEqual(['message 1']);
    expect(third.body.nextCursor).toBeNull();
    expect((await page('')).body.items.map((m: { body: string }) => m.body)).toEqual(['message 1', 'message 2', 'message 3', 'message 4', 'message 5']);
    const bad = await page('order=sideways');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('order');
    expect((await t.request('GET', `/api/v1/conversations/${id}/timeline?order=desc`, { token: admin.token })).status).toBe(200);
  });

  it('retries a failed message once, as a new queued message naming it; refuses what reached the provider', async () => {
    const { id } = await conversation('+15550160002', [{ direction: 'inbound', body: 'Can you come Friday?', at: new Date() }]);
    const insert = async (status: string, providerId: string | null) => {
      const messageId = uuidv7();
      await t.orm.em.getConnection().execute(
        `insert into message (id, workspace_id, conversation_id, channel_account_id, direction, author_kind, author_name, body, delivery_status, provider_message_id, error_code, error_message)
           values (?, ?, ?, ?, 'outbound', 'operator', 'Alex', 'Friday at 9 works', ?, ?, ?, ?)`,
        [
          messageId,
          admin.user.workspaceId,
          id,
          sms.id,
          status,
          providerId,
          status === 'failed' ? 'provider_error' : null,
          status === 'failed' ? 'Twilio said 500' : null,
        ],
      );
      return messageId;
    };
    const failed = await insert('failed', null);
    // As the status write leaves it when the newest outbound message fails.
    await t.orm.em.getConnection().execute('update conversation set delivery_failed = true where id = ?', [id]);
    const card = async () => (await t.request('GET', `/api/v1/conversations/${id}`, { token: admin.token })).body;
    expect((await card()).deliveryFailed).toBe(true);
    const retry = (token: string, messageId: string) => t.request('POST', `/api/v1/conversations/${id}/messages/${messageId}/retry`, { token });

    // Two clicks at once: one new message, one 409.
    const [a, b] = await Promise.all([retry(admin.token, failed), retry(admin.token, failed)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const created = a.status === 201 ? a.body : b.body;
    expect(created).toMatchObject({
      body: 'Friday at 9 works',
      retryOf: failed,
      deliveryStatus: 'queued',
      direction: 'outbound',
      author: { kind: 'operator', id: admin.user.id },
    });
    // The retry is now the newest outbound message: the card's failure mark is gone.
    expect((await card()).deliveryFailed).toBe(false);
    const copies = await t.orm.em.getConnection().execute(`select count(*) as n from message where retry_of = ?`, [failed]);
    expect(Number(copies[0].n)).toBe(1);

    expect((await retry(admin.token, await insert('delivered', 'SM-delivered'))).status).toBe(409);
    // Failed after the provider accepted it (a later status callback): it may have reached the customer.
    expect((await retry(admin.token, await insert('failed', 'SM-accepted'))).status).toBe(409);
    expect((await retry(stranger.token, await insert('failed', null))).status).toBe(404);
  });

  it('tells whether the messaging window is open (WhatsApp: 24 h after the contact wrote), null where a channel has none', async () => {
    const whatsapp = await createChannelAccount(t, admin.token, 'whatsapp');
    const on = (channelAccountId: string, phone: string, hoursAgo: number) =>
      insertConversation(t, {
        workspaceId: admin.user.workspaceId,
        channelAccountId,
        channel: channelAccountId === whatsapp.id ? 'whatsapp' : 'sms',
        contact: { name: 'Window', phone },
        messages: [{ direction: 'inbound', body: 'hello', at: new Date(Date.now() - hoursAgo * 3600_000) }],
      });
    const detail = async (id: string) => (await t.request('GET', `/api/v1/conversations/${id}`, { token: admin.token })).body;
    const recent = await detail((await on(whatsapp.id, '+15550160011', 2)).id);
    expect(recent.messagingWindow).toMatchObject({ hours: 24, open: true, closesAt: expect.any(String) });
    expect(Date.parse(recent.messagingWindow.closesAt) - Date.now()).toBeGreaterThan(21 * 3600_000);
    expect((await detail((await on(whatsapp.id, '+15550160012', 30)).id)).messagingWindow).toMatchObject({ hours: 24, open: false });
    expect((await detail((await on(sms.id, '+15550160013', 30)).id)).messagingWindow).toBeNull();
  });
});

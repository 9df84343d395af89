import twilio from 'twilio';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { EventBus, OutboxRelay } from '@parley/core/testing';
import { createTestApp, PrivateRedis, signupWorkspace, TwilioApiDouble, waitFor, type TestApp } from './harness';

const AUTH_TOKEN = 'pipeline-auth-token-0123456789abcd';
const CUSTOMER = '+15557650001';

/** Inbound → conversation → reply → provider → status, through the real app with Twilio's own signer. */
describe('Twilio SMS pipeline', () => {
  let redis: PrivateRedis;
  let double: TwilioApiDouble;
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signupWorkspace>>;
  let account: { id: string; webhookUrl: string };
  let sid = 0;

  const count = async (sql: string, params: unknown[] = []) => Number((await t.orm.em.getConnection().execute(sql, params))[0].n);
  const webhook = (params: Record<string, string>, signature?: string) =>
    t.app.inject({
      method: 'POST',
      url: `/webhooks/twilio-sms/${account.id}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(signature !== undefined
          ? { 'x-twilio-signature': signature }
          : { 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, account.webhookUrl, params) }),
      },
      payload: new URLSearchParams(params).toString(),
    });
  const inbound = (body: string, from = CUSTOMER, extra: Record<string, string> = {}) => ({
    MessageSid: `SM${(++sid).toString(16).padStart(32, '0')}`,
    AccountSid: double.accountSid,
    From: from,
    To: '+15550009999',
    Body: body,
    NumMedia: '0',
    SmsStatus: 'received',
    ...extra,
  });
  const conversationOf = async (phone: string) => {
    const res = await t.request('GET', `/api/v1/conversations?q=${encodeURIComponent(phone.slice(-7))}`, { token: admin.token });
    return res.body.items[0] as { id: string; status: string } | undefined;
  };
  const messagesOf = async (conversationId: string) =>
    (await t.request('GET', `/api/v1/conversations/${conversationId}/messages`, { token: admin.token })).body.items as {
      id: string;
      body: string;
      deliveryStatus: string;
      error?: { code: string };
    }[];

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    double = new TwilioApiDouble(`AC${'d1'.repeat(16)}`, AUTH_TOKEN);
    await double.start();
    t = await createTestApp({ REDIS_URL: redis.url });
    admin = await signupWorkspace(t, 'Pipeline');
    // These tests count what reaches the provider: the assistant (tested in assistant.integration.spec) stays off.
    expect((await t.request('PUT', '/api/v1/assistant', { token: admin.token, body: { enabled: false } })).status).toBe(200);
    const res = await t.request('POST', '/api/v1/channel-accounts', {
      token: admin.token,
      body: {
        plugin: 'twilio-sms',
        name: 'Main line',
        config: { accountSid: double.accountSid, authToken: AUTH_TOKEN, fromNumber: '+15550009999', apiBaseUrl: double.url },
      },
    });
    account = res.body;
  });
  afterAll(async () => {
    await t.close();
    await double.stop();
    await redis.stop();
  });

  it('turns an inbound SMS into a conversation, delivers the reply, and records delivery', async () => {
    const res = await webhook(inbound('Do you fix boilers on Sundays?'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/xml');
    expect(res.body).toContain('<Response></Response>');

    const conversation = await conversationOf(CUSTOMER);
    expect(conversation).toMatchObject({ status: 'ai_handling' });
    const reply = await t.request('POST', `/api/v1/conversations/${conversation!.id}/messages`, {
      token: admin.token,
      body: { body: 'Yes, 24/7 for emergencies.' },
    });
    expect(reply.body.deliveryStatus).toBe('queued');

    const sent = await waitFor(
      () => messagesOf(conversation!.id),
      (ms) => ms[1]?.deliveryStatus === 'sent',
    );
    expect(sent.map((m) => [m.body, m.deliveryStatus])).toEqual([
      ['Do you fix boilers on Sundays?', 'received'],
      ['Yes, 24/7 for emergencies.', 'sent'],
    ]);
    expect(double.sent.filter((s) => s['Body'] === 'Yes, 24/7 for emergencies.')).toHaveLength(1);
    // Both messages reached the live stream as GET /messages returns them (what was created, before it was sent).
    const frames = await t.app.get(EventBus).replay(admin.user.workspaceId, '0-0');
    if (frames.resync) throw new Error('unexpected resync');
    const created = frames.events.filter((e) => e.type === 'message.created').map((e) => e.data);
    expect(created).toEqual([
      { ...sent[0], deliveryStatus: 'received' },
      { ...sent[1], deliveryStatus: 'queued' },
    ]);
    expect(double.sent.at(-1)).toMatchObject({ To: CUSTOMER, From: '+15550009999', StatusCallback: account.webhookUrl });

    const [{ provider_message_id: providerId }] = await t.orm.em
      .getConnection()
      .execute('select provider_message_id from message where id = ?', [reply.body.id]);
    expect((await webhook({ MessageSid: providerId, AccountSid: double.accountSid, MessageStatus: 'delivered' })).statusCode).toBe(200);
    expect((await messagesOf(conversation!.id))[1]!.deliveryStatus).toBe('delivered');
    // A late `sent` never moves it back.
    await webhook({ MessageSid: providerId, AccountSid: double.accountSid, MessageStatus: 'sent' });
    expect((await messagesOf(conversation!.id))[1]!.deliveryStatus).toBe('delivered');
    // An undelivered report after delivery does not undo it either; before delivery it fails the message with Twilio's code.
    await webhook({ MessageSid: providerId, AccountSid: double.accountSid, MessageStatus: 'undelivered', ErrorCode: '30003' });
    expect((await messagesOf(conversation!.id))[1]!.deliveryStatus).toBe('delivered');
    // Each status change reached the live stream as the message GET /messages returns (sent, then delivered; nothing after).
    const later = await t.app.get(EventBus).replay(admin.user.workspaceId, '0-0');
    if (later.resync) throw new Error('unexpected resync');
    const updates = later.events.filter((e) => e.type === 'message.updated' && (e.data as { id: string }).id === reply.body.id).map((e) => e.data);
    expect(updates).toEqual([{ ...(await messagesOf(conversation!.id))[1], deliveryStatus: 'sent' }, (await messagesOf(conversation!.id))[1]]);
  });

  it('stores one message when the same webhook arrives five times at once', async () => {
    const params = inbound('Same delivery, five times', '+15557650002');
    const responses = await Promise.all(Array.from({ length: 5 }, () => webhook(params)));
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(await count('select count(*) as n from message where provider_message_id = ?', [params.MessageSid])).toBe(1);
    expect(await count("select count(*) as n from contact where phone = '+15557650002'")).toBe(1);
    expect(await count("select count(*) as n from conversation c join contact ct on ct.id = c.contact_id where ct.phone = '+15557650002'")).toBe(1);
  });

  it('refuses a forged or missing signature with 401 and stores nothing', async () => {
    const before = await count('select count(*) as n from message');
    const contacts = await count('select count(*) as n from contact');
    const params = inbound('I am not Twilio', '+15557650003');
    expect((await webhook(params, twilio.getExpectedTwilioSignature('wrong-token', account.webhookUrl, params))).statusCode).toBe(401);
    expect((await webhook(params, '')).statusCode).toBe(401);
    const unsigned = await t.app.inject({
      method: 'POST',
      url: `/webhooks/twilio-sms/${account.id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(params).toString(),
    });
    expect(unsigned.statusCode).toBe(401);
    // Signed for another URL (another account's webhook) is refused too.
    const elsewhere = twilio.getExpectedTwilioSignature(AUTH_TOKEN, account.webhookUrl.replace(account.id, '00000000-0000-4000-8000-000000000000'), params);
    expect((await webhook(params, elsewhere)).statusCode).toBe(401);
    expect(await count('select count(*) as n from message')).toBe(before);
    expect(await count('select count(*) as n from contact')).toBe(contacts);
  });

  it('after STOP nobody can send: API 409, queued messages refused by the job, START reopens', async () => {
    const phone = '+15557650004';
    await webhook(inbound('Hi there', phone));
    const conversation = (await conversationOf(phone))!;
    // Queued before the STOP, sent after it: the job must refuse it.
    await redis.stop();
    const early = await t.request('POST', `/api/v1/conversations/${conversation.id}/messages`, {
      token: admin.token,
      body: { body: 'Queued before the STOP' },
    });
    expect(early.status).toBe(201);
    const stop = await webhook(inbound('  stop ', phone));
    expect(stop.statusCode).toBe(200);
    expect(stop.body).toContain('<Response></Response>');
    await redis.start();
    t.app.get(OutboxRelay).kick();

    const refused = await waitFor(
      () => messagesOf(conversation.id),
      (ms) => ms.find((m) => m.id === early.body.id)?.deliveryStatus === 'failed',
    );
    expect(refused.find((m) => m.id === early.body.id)).toMatchObject({ deliveryStatus: 'failed', error: { code: 'opted_out' } });
    expect(double.sent.some((s) => s['Body'] === 'Queued before the STOP')).toBe(false);

    expect((await t.request('GET', `/api/v1/conversations/${conversation.id}`, { token: admin.token })).body.status).toBe('opted_out');
    expect((await t.request('POST', `/api/v1/conversations/${conversation.id}/messages`, { token: admin.token, body: { body: 'Please?' } })).status).toBe(409);
    const started = await t.request('POST', '/api/v1/conversations', {
      token: admin.token,
      body: { channelAccountId: account.id, contact: { name: 'X', phone }, body: 'New thread' },
    });
    expect(started.status).toBe(409);
    // Twilio sends the STOP confirmation itself: Parley sent nothing in reply.
    expect(double.sent.filter((s) => s['To'] === phone)).toEqual([]);

    await webhook(inbound('START', phone));
    expect((await t.request('GET', `/api/v1/conversations/${conversation.id}`, { token: admin.token })).body.status).toBe('ai_handling');
    expect((await t.request('POST', `/api/v1/conversations/${conversation.id}/messages`, { token: admin.token, body: { body: 'Welcome back' } })).status).toBe(
      201,
    );
  });

  it('keeps the inbound while Redis is down and delivers the reply once it is back, exactly once', async () => {
    const phone = '+15557650005';
    await redis.stop();
    const res = await webhook(inbound('Sent while Redis was down', phone));
    expect(res.statusCode).toBe(200);
    const conversation = (await conversationOf(phone))!;
    expect((await messagesOf(conversation.id)).map((m) => m.body)).toEqual(['Sent while Redis was down']);
    const reply = await t.request('POST', `/api/v1/conversations/${conversation.id}/messages`, {
      token: admin.token,
      body: { body: 'Reply while Redis is down' },
    });
    expect(reply.status).toBe(201);
    await new Promise((r) => setTimeout(r, 300));
    expect(double.sent.some((s) => s['Body'] === 'Reply while Redis is down')).toBe(false);

    await redis.start();
    t.app.get(OutboxRelay).kick();
    await waitFor(
      () => messagesOf(conversation.id),
      (ms) => ms[1]?.deliveryStatus === 'sent',
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(double.sent.filter((s) => s['Body'] === 'Reply while Redis is down')).toHaveLength(1);
  });

  it('retries a provider 500 with backoff and sends once; a permanent error fails with the code and is a dead letter', async () => {
    const phone = '+15557650006';
    await webhook(inbound('Retry please', phone));
    const conversation = (await conversationOf(phone))!;
    double.failNext(500, 20500, 'Internal Server Error', 2);
    await t.request('POST', `/api/v1/conversations/${conversation.id}/messages`, { token: admin.token, body: { body: 'Third time lucky' } });
    await waitFor(
      () => messagesOf(conversation.id),
      (ms) => ms[1]?.deliveryStatus === 'sent',
      30_000,
    );
    expect(double.sent.filter((s) => s['Body'] === 'Third time lucky')).toHaveLength(3);

    double.failNext(400, 21211, "The 'To' number is not a valid phone number.");
    const bad = await t.request('POST', `/api/v1/conversations/${conversation.id}/messages`, { token: admin.token, body: { body: 'Doomed' } });
    const failed = await waitFor(
      () => messagesOf(conversation.id),
      (ms) => ms.find((m) => m.id === bad.body.id)?.deliveryStatus === 'failed',
    );
    // Parley's words with Twilio's code, never the remote body (issue 12: apiBaseUrl may name any server).
    expect(failed.find((m) => m.id === bad.body.id)!.error).toEqual({
      code: '21211',
      message: 'Twilio error 21211 (HTTP 400): see https://www.twilio.com/docs/errors/21211',
    });
    const dead = await waitFor(
      () => t.request('GET', '/api/v1/dead-letters', { token: admin.token }),
      (r) => r.body.items.some((i: { messageId: string }) => i.messageId === bad.body.id),
    );
    const letter = dead.body.items.find((i: { messageId: string }) => i.messageId === bad.body.id);
    expect(letter.error.code).toBe('21211');

    const retried = await t.request('POST', `/api/v1/dead-letters/${letter.id}/retry`, { token: admin.token });
    expect(retried.status).toBe(202);
    await waitFor(
      () => messagesOf(conversation.id),
      (ms) => ms.find((m) => m.id === bad.body.id)?.deliveryStatus === 'sent',
    );
    const other = await signupWorkspace(t, 'Other');
    expect((await t.request('POST', `/api/v1/dead-letters/${letter.id}/retry`, { token: other.token })).status).toBe(404);
  });

  it('records an opt-out when Twilio refuses with 21610', async () => {
    const phone = '+15557650007';
    await webhook(inbound('hello', phone));
    const conversation = (await conversationOf(phone))!;
    double.failNext(400, 21610, 'Attempt to send to unsubscribed recipient');
    await t.request('POST', `/api/v1/conversations/${conversation.id}/messages`, { token: admin.token, body: { body: 'Are you there?' } });
    await waitFor(
      () => t.request('GET', `/api/v1/conversations/${conversation.id}`, { token: admin.token }),
      (r) => r.body.status === 'opted_out',
    );
    const contact = await t.request(
      'GET',
      `/api/v1/contacts/${(await t.request('GET', `/api/v1/conversations/${conversation.id}`, { token: admin.token })).body.contact.id}`,
      { token: admin.token },
    );
    expect(contact.body.optedOutChannels).toEqual(['sms']);
    // The card shows the failed send and the assistant blocked (opted out).
    const card = await waitFor(
      async () => (await conversationOf(phone))!,
      (c) => (c as { deliveryFailed?: boolean }).deliveryFailed === true,
    );
    expect(card).toMatchObject({ deliveryFailed: true, assistantState: 'blocked', status: 'opted_out' });
  });

  it('fetches MMS media into attachments', async () => {
    const phone = '+15557650008';
    // Stored as what its bytes are: a JPEG signature, then anything.
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('fake jpeg bytes')]);
    const mediaUrl = double.addMedia('boiler.jpg', 'image/jpeg', jpeg);
    await webhook(inbound('Here is a photo', phone, { NumMedia: '1', MediaUrl0: mediaUrl, MediaContentType0: 'image/jpeg' }));
    const conversation = (await conversationOf(phone))!;
    const messages = await waitFor(
      () => t.request('GET', `/api/v1/conversations/${conversation.id}/messages`, { token: admin.token }),
      (r) => r.body.items[0]?.attachments?.length === 1 && r.body.items[0].attachments[0].size > 0,
    );
    const attachment = messages.body.items[0].attachments[0];
    expect(attachment).toMatchObject({ contentType: 'image/jpeg', size: jpeg.length });
    const file = await t.app.inject({ method: 'GET', url: attachment.url, headers: { authorization: `Bearer ${admin.token}` } });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(jpeg)).toBe(true);
    const other = await signupWorkspace(t, 'Other files');
    expect((await t.app.inject({ method: 'GET', url: attachment.url, headers: { authorization: `Bearer ${other.token}` } })).statusCode).toBe(404);
  });

  it('starts a new conversation when a resolved one hears from the customer again', async () => {
    const phone = '+15557650009';
    await webhook(inbound('First question', phone));
    const first = (await conversationOf(phone))!;
    await t.request('POST', `/api/v1/conversations/${first.id}/resolve`, { token: admin.token });
    await webhook(inbound('Another question, days later', phone));
    const all = await t.request('GET', `/api/v1/conversations?q=${phone.slice(-7)}&status=ai_handling,resolved`, { token: admin.token });
    expect(all.body.items.map((c: { status: string }) => c.status)).toEqual(['ai_handling', 'resolved']);
    expect(all.body.items[1].id).toBe(first.id);
    expect(all.body.items[0]).toMatchObject({ unread: true, lastMessagePreview: 'Another question, days later' });
    const timeline = await t.request('GET', `/api/v1/conversations/${all.body.items[0].id}/timeline`, { token: admin.token });
    expect(timeline.body.items[0]).toMatchObject({ type: 'conversation.created', data: { previousConversationId: first.id } });
  });

  it('spreads sends to respect the per-account rate limit (10/s)', async () => {
    const phone = '+15557650010';
    await webhook(inbound('Send me lots', phone));
    const conversation = (await conversationOf(phone))!;
    const started = Date.now();
    for (let i = 0; i < 25; i++)
      await t.request('POST', `/api/v1/conversations/${conversation.id}/messages`, { token: admin.token, body: { body: `burst ${i}` } });
    await waitFor(
      () => messagesOf(conversation.id),
      (ms) => ms.filter((m) => m.deliveryStatus === 'sent').length === 25,
      30_000,
    );
    // 25 sends at 10 per second need at least two full seconds after the first ten.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(double.sent.filter((s) => String(s['Body']).startsWith('burst ')).length).toBe(25);
  });

  it('queues delivery jobs idempotently by message id', async () => {
    const delivery = t.app.get<Queue>(getQueueToken('delivery'));
    const jobs = await delivery.getJobs(['completed', 'failed', 'waiting', 'delayed', 'active']);
    const byMessage = new Map<string, number>();
    for (const job of jobs) byMessage.set(job.data.messageId, (byMessage.get(job.data.messageId) ?? 0) + 1);
    expect(Math.max(...byMessage.values())).toBe(1);
  });

  it('never repeats a send that crashed mid-flight: the message fails as "unknown outcome" for an admin to retry', async () => {
    const phone = '+15557650011';
    await webhook(inbound('hello', phone));
    const conversation = (await conversationOf(phone))!;
    const reply = await t.request('POST', `/api/v1/conversations/${conversation.id}/messages`, { token: admin.token, body: { body: 'Interrupted send' } });
    await waitFor(
      () => messagesOf(conversation.id),
      (ms) => ms[1]?.deliveryStatus === 'sent',
    );
    // Replay the job of a process that died after asking Twilio but before recording the answer.
    await t.orm.em
      .getConnection()
      .execute("update message set delivery_status = 'queued', provider_message_id = null, send_attempted_at = now() where id = ?", [reply.body.id]);
    await t.orm.em
      .getConnection()
      .execute("insert into outbox (queue, name, payload, workspace_id) values ('delivery', 'send', ?, ?)", [
        JSON.stringify({ messageId: reply.body.id, workspaceId: admin.user.workspaceId }),
        admin.user.workspaceId,
      ]);
    t.app.get(OutboxRelay).kick();
    const after = await waitFor(
      () => messagesOf(conversation.id),
      (ms) => ms[1]?.deliveryStatus === 'failed',
    );
    expect(after[1].error?.code).toBe('unknown_outcome');
    expect(double.sent.filter((s) => s['Body'] === 'Interrupted send')).toHaveLength(1);
  });
});

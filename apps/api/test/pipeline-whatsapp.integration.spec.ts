import { createTestApp, MetaGraphDouble, metaMessagePayload, metaStatusPayload, signMetaPayload, signupWorkspace, waitFor, type TestApp } from './harness';

const PHONE_NUMBER_ID = '106540352242999';
const ACCESS_TOKEN = 'pipeline-access-token-0123456789';
const APP_SECRET = 'pipeline-app-secret-0123456789';

describe('WhatsApp Cloud pipeline', () => {
  let double: MetaGraphDouble;
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signupWorkspace>>;
  let account: { id: string };

  const post = (payload: Record<string, unknown>, secret = APP_SECRET) => {
    const body = JSON.stringify(payload);
    return t.app.inject({
      method: 'POST',
      url: `/webhooks/whatsapp-cloud/${account.id}`,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaPayload(secret, body) },
      payload: body,
    });
  };
  const conversationOf = async (phone: string) =>
    (await t.request('GET', `/api/v1/conversations?q=${phone.slice(-7)}`, { token: admin.token })).body.items[0] as { id: string };
  const messagesOf = async (id: string) => (await t.request('GET', `/api/v1/conversations/${id}/messages`, { token: admin.token })).body.items;

  beforeAll(async () => {
    double = new MetaGraphDouble({ accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID });
    await double.start();
    t = await createTestApp();
    admin = await signupWorkspace(t, 'WhatsApp');
    // These tests count what reaches the provider: the assistant (tested in assistant.integration.spec) stays off.
    expect((await t.request('PUT', '/api/v1/assistant', { token: admin.token, body: { enabled: false } })).status).toBe(200);
    account = (
      await t.request('POST', '/api/v1/channel-accounts', {
        token: admin.token,
        body: {
          plugin: 'whatsapp-cloud',
          name: 'WhatsApp',
          config: { phoneNumberId: PHONE_NUMBER_ID, accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, verifyToken: 'verify-me', apiBaseUrl: double.url },
        },
      })
    ).body;
  });
  afterAll(async () => {
    await t.close();
    await double.stop();
  });

  it("stores an inbound image with the contact's profile name and fetches the media through the Graph API", async () => {
    // Stored as what its bytes are: a JPEG signature, then anything.
    double.addMedia('media-1', 'image/jpeg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('jpeg bytes from meta')]));
    const res = await post(
      metaMessagePayload(PHONE_NUMBER_ID, {
        from: '+15557660001',
        name: 'Lucía Pérez',
        image: { id: 'media-1', mime_type: 'image/jpeg', caption: 'The leak' },
      }),
    );
    expect(res.statusCode).toBe(200);
    const conversation = await conversationOf('+15557660001');
    const detail = await t.request('GET', `/api/v1/conversations/${conversation.id}`, { token: admin.token });
    expect(detail.body.contact).toMatchObject({ name: 'Lucía Pérez', phone: '+15557660001' });
    const messages = await waitFor(
      () => messagesOf(conversation.id),
      (ms) => ms[0]?.attachments[0]?.size > 0,
    );
    expect(messages[0]).toMatchObject({ body: 'The leak', attachments: [{ contentType: 'image/jpeg', size: 24 }] });
  });

  it('replies inside the 24-hour window, and outside it only with a template', async () => {
    await post(metaMessagePayload(PHONE_NUMBER_ID, { from: '+15557660002', name: 'Ada', text: 'Can you come today?' }));
    const conversation = await conversationOf('+15557660002');
    const reply = await t.request('POST', `/api/v1/conversations/${conversation.id}/messages`, { token: admin.token, body: { body: 'Yes, at 3pm.' } });
    expect(reply.status).toBe(201);
    await waitFor(
      () => messagesOf(conversation.id),
      (ms) => ms[1]?.deliveryStatus === 'sent',
    );
    expect(double.sent.at(-1)).toMatchObject({ messaging_product: 'whatsapp', to: '15557660002', type: 'text', text: { body: 'Yes, at 3pm.' } });

    // Move the customer's last message 25 hours into the past: the window is closed.
    await t.orm.em
      .getConnection()
      .execute("update message set created_at = now() - interval '25 hours' where conversation_id = ? and direction = 'inbound'", [conversation.id]);
    expect((await t.request('POST', `/api/v1/conversations/${conversation.id}/messages`, { token: admin.token, body: { body: 'Still there?' } })).status).toBe(
      422,
    );
    const template = await t.request('POST', '/api/v1/templates', {
      token: admin.token,
      body: { channelAccountId: account.id, name: 'visit_reminder', language: 'en_US', body: 'Hi {{1}}, your visit is on {{2}}.' },
    });
    const sent = await t.request('POST', `/api/v1/conversations/${conversation.id}/messages`, {
      token: admin.token,
      body: { templateId: template.body.id, templateParams: ['Ada', 'Monday'] },
    });
    expect(sent.status).toBe(201);
    await waitFor(
      () => messagesOf(conversation.id),
      (ms) => ms[2]?.deliveryStatus === 'sent',
    );
    expect(double.sent.at(-1)).toMatchObject({
      type: 'template',
      template: {
        name: 'visit_reminder',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Ada' },
              { type: 'text', text: 'Monday' },
            ],
          },
        ],
      },
    });
  });

  it('maps statuses forward, and a 131047 failure carries the 24-hour window explanation', async () => {
    await post(metaMessagePayload(PHONE_NUMBER_ID, { from: '+15557660003', text: 'hello' }));
    const conversation = await conversationOf('+15557660003');
    const reply = await t.request('POST', `/api/v1/conversations/${conversation.id}/messages`, { token: admin.token, body: { body: 'Hi!' } });
    await waitFor(
      () => messagesOf(conversation.id),
      (ms) => ms[1]?.deliveryStatus === 'sent',
    );
    const [{ provider_message_id: wamid }] = await t.orm.em.getConnection().execute('select provider_message_id from message where id = ?', [reply.body.id]);
    await post(metaStatusPayload(PHONE_NUMBER_ID, { id: wamid, status: 'read', recipient: '15557660003' }));
    await post(metaStatusPayload(PHONE_NUMBER_ID, { id: wamid, status: 'delivered', recipient: '15557660003' }));
    expect((await messagesOf(conversation.id))[1].deliveryStatus).toBe('read');

    const second = await t.request('POST', `/api/v1/conversations/${conversation.id}/messages`, { token: admin.token, body: { body: 'One more' } });
    await waitFor(
      () => messagesOf(conversation.id),
      (ms) => ms[2]?.deliveryStatus === 'sent',
    );
    const [{ provider_message_id: wamid2 }] = await t.orm.em.getConnection().execute('select provider_message_id from message where id = ?', [second.body.id]);
    await post(
      metaStatusPayload(PHONE_NUMBER_ID, {
        id: wamid2,
        status: 'failed',
        recipient: '15557660003',
        errors: [{ code: 131047, title: 'Re-engagement message' }],
      }),
    );
    const failed = (await messagesOf(conversation.id))[2];
    expect(failed.deliveryStatus).toBe('failed');
    expect(failed.error.code).toBe('131047');
    expect(failed.error.message).toMatch(/24-hour window/);
  });

  it('refuses a payload whose signature was made with another secret', async () => {
    const res = await post(metaMessagePayload(PHONE_NUMBER_ID, { from: '+15557660004', text: 'forged' }), 'some-other-secret');
    expect(res.statusCode).toBe(401);
    expect(await conversationOf('+15557660004')).toBeUndefined();
  });
});

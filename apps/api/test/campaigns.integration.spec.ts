import { v7 as uuidv7 } from 'uuid';
import { createTestApp, insertConversation, signupWorkspace, TwilioApiDouble, waitFor, type TestApp } from './harness';

type Workspace = Awaited<ReturnType<typeof signupWorkspace>>;
interface Card {
  id: string;
  status: string;
  contact: { id: string; name: string; phone: string | null };
  assignee: unknown;
  campaign: { id: string; name: string } | null;
}

const AUTH_TOKEN = 'campaign-auth-token-0123456789abcd';
const FROM = '+15550008888';
const fields = (body: { details?: { field: string }[] }) => (body.details ?? []).map((d) => d.field).sort();

/** Launching a campaign: one outbound conversation per reachable contact, template sends through the delivery queue. */
describe('campaign launch', () => {
  let double: TwilioApiDouble;
  let t: TestApp;
  let admin: Workspace;
  let accountId: string;
  let templateId: string;
  let phoneSeq = 0;

  const nextPhone = () => `+1555771${(++phoneSeq).toString().padStart(4, '0')}`;
  const count = async (sql: string, params: unknown[] = []) => Number((await t.orm.em.getConnection().execute(sql, params))[0].n);
  const launch = (body: Record<string, unknown>, token = admin.token) =>
    t.request('POST', '/api/v1/campaigns', { token, body: { channelAccountId: accountId, ...body } });
  /** An existing contact with an SMS address (inserted as ingest leaves one, with an earlier conversation). */
  const smsContact = async (name: string, options: { optedOut?: boolean; ws?: Workspace; account?: string } = {}) => {
    const phone = nextPhone();
    const { contactId } = await insertConversation(t, {
      workspaceId: (options.ws ?? admin).user.workspaceId,
      channelAccountId: options.account ?? accountId,
      channel: 'sms',
      contact: { name, phone },
      status: options.optedOut ? 'opted_out' : 'resolved',
      optedOut: options.optedOut,
    });
    return { id: contactId, phone };
  };
  /** A contact the workspace knows only by email: no address on an SMS account. */
  const emailOnlyContact = async (name: string) => {
    const id = uuidv7();
    await t.orm.em
      .getConnection()
      .execute('insert into contact (id, workspace_id, name, email) values (?, ?, ?, ?)', [
        id,
        admin.user.workspaceId,
        name,
        `${name.toLowerCase()}@example.test`,
      ]);
    return { id };
  };
  const campaignConversations = async (campaignId: string) =>
    (await t.request('GET', `/api/v1/conversations?campaignId=${campaignId}`, { token: admin.token })).body.items as Card[];
  const messagesOf = async (conversationId: string) =>
    (await t.request('GET', `/api/v1/conversations/${conversationId}/messages`, { token: admin.token })).body.items as {
      body: string;
      deliveryStatus: string;
      templateId: string | null;
    }[];
  const writes = async (workspaceId: string) => ({
    campaigns: await count('select count(*)::int as n from campaign where workspace_id = ?', [workspaceId]),
    conversations: await count('select count(*)::int as n from conversation where workspace_id = ?', [workspaceId]),
    contacts: await count('select count(*)::int as n from contact where workspace_id = ?', [workspaceId]),
    messages: await count('select count(*)::int as n from message where workspace_id = ?', [workspaceId]),
    outbox: await count("select count(*)::int as n from outbox where workspace_id = ? and queue = 'delivery'", [workspaceId]),
  });

  beforeAll(async () => {
    double = new TwilioApiDouble(`AC${'c4'.repeat(16)}`, AUTH_TOKEN);
    await double.start();
    t = await createTestApp();
    admin = await signupWorkspace(t, 'Campaigns');
    const account = await t.request('POST', '/api/v1/channel-accounts', {
      token: admin.token,
      body: {
        plugin: 'twilio-sms',
        name: 'Marketing line',
        config: { accountSid: double.accountSid, authToken: AUTH_TOKEN, fromNumber: FROM, apiBaseUrl: double.url },
      },
    });
    expect(account.status).toBe(201);
    accountId = account.body.id;
    const template = await t.request('POST', '/api/v1/templates', {
      token: admin.token,
      body: { channelAccountId: accountId, name: 'spring_offer', body: 'Spring tune-up: {{1}} off until {{2}}. Reply STOP to opt out.' },
    });
    expect(template.status).toBe(201);
    templateId = template.body.id;
  });
  afterAll(async () => {
    await t.close();
    await double.stop();
  });

  it('starts a conversation per reachable contact, skips the opted-out one, and sends the template to each through the queue', async () => {
    const ada = await smsContact('Ada');
    const bob = await smsContact('Bob', { optedOut: true });
    const cleoPhone = nextPhone();

    const res = await launch({
      name: 'Spring tune-up',
      templateId,
      templateParams: ['20%', 'May 31'],
      contactIds: [ada.id, bob.id],
      contacts: [{ name: 'Cleo', phone: cleoPhone }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Spring tune-up',
      channelAccountId: accountId,
      templateId,
      status: 'running',
      createdAt: expect.any(String),
      recipients: 3,
      started: 2,
      skipped: [{ contactId: bob.id, name: 'Bob', reason: 'opted_out' }],
    });
    const campaign = { id: res.body.id as string, name: 'Spring tune-up' };

    // Two new conversations, handed to the assistant, unassigned, tied to the campaign.
    const cards = await campaignConversations(campaign.id);
    expect(cards.map((c) => c.contact.name).sort()).toEqual(['Ada', 'Cleo']);
    for (const card of cards) expect(card).toMatchObject({ status: 'ai_handling', assignee: null, campaign });
    const [cleo] = cards.filter((c) => c.contact.name === 'Cleo');
    expect(cleo?.contact.phone).toBe(cleoPhone);
    const cleoId = String(cleo?.id);

    const detail = await t.request('GET', `/api/v1/conversations/${cleoId}`, { token: admin.token });
    expect(detail.body).toMatchObject({ campaign, channel: 'sms', channelAccountId: accountId, status: 'ai_handling', assignee: null });
    const timeline = (await t.request('GET', `/api/v1/conversations/${cleoId}/timeline`, { token: admin.token })).body.items as {
      type: string;
      data: unknown;
    }[];
    expect(timeline.find((e) => e.type === 'conversation.created')?.data).toEqual({
      direction: 'outbound',
      channelAccountId: accountId,
      campaignId: campaign.id,
    });
    expect(timeline.find((e) => e.type === 'campaign.enrolled')?.data).toEqual({ campaignId: campaign.id, campaignName: campaign.name });

    // The delivery job sends the rendered template to the two reachable numbers, and nothing to Bob.
    const rendered = 'Spring tune-up: 20% off until May 31. Reply STOP to opt out.';
    for (const card of cards) {
      const messages = await waitFor(
        () => messagesOf(card.id),
        (ms) => ms[0]?.deliveryStatus === 'sent',
      );
      expect(messages).toEqual([expect.objectContaining({ body: rendered, deliveryStatus: 'sent', templateId })]);
    }
    const sends = double.sent.filter((s) => [ada.phone, bob.phone, cleoPhone].includes(String(s['To'])));
    expect(sends.map((s) => s['To']).sort()).toEqual([ada.phone, cleoPhone].sort());
    for (const send of sends) expect(send).toMatchObject({ Body: rendered, From: FROM });
    expect(await count('select count(*)::int as n from conversation where contact_id = ? and campaign_id is not null', [bob.id])).toBe(0);

    const list = await t.request('GET', '/api/v1/campaigns', { token: admin.token });
    // Both messages have left the queue: the campaign is done.
    const status = async () =>
      ((await t.request('GET', '/api/v1/campaigns', { token: admin.token })).body.items as { id: string; status: string; conversations: number }[]).find(
        (c) => c.id === campaign.id,
      );
    expect(await waitFor(status, (c) => c?.status === 'completed')).toMatchObject({ status: 'completed', conversations: 2 });
    // Its progress, after a reload as at launch: deliveries by status and whom it skipped, and why.
    const progress = await t.request('GET', `/api/v1/campaigns/${campaign.id}`, { token: admin.token });
    expect(progress.status).toBe(200);
    expect(progress.body).toMatchObject({
      id: campaign.id,
      status: 'completed',
      conversations: 2,
      deliveries: { queued: 0, sent: 2, delivered: 0, read: 0, failed: 0, bounced: 0 },
      skipped: [{ contactId: bob.id, name: 'Bob', reason: 'opted_out' }],
    });
    const stranger = await signupWorkspace(t, 'Campaign stranger');
    expect((await t.request('GET', `/api/v1/campaigns/${campaign.id}`, { token: stranger.token })).status).toBe(404);
  });

  it('skips a contact without an address on the channel as no_address, and messages a contact named twice once', async () => {
    const dana = await emailOnlyContact('Dana');
    const eve = await smsContact('Eve');
    // Eve by id and again inline, her number written differently: one recipient.
    const spaced = `${eve.phone.slice(0, 2)} (${eve.phone.slice(2, 5)}) ${eve.phone.slice(5, 8)}-${eve.phone.slice(8)}`;
    const res = await launch({
      name: 'Reachability',
      templateId,
      templateParams: ['10%', 'June'],
      contactIds: [dana.id, eve.id],
      contacts: [{ name: 'Eve again', phone: spaced }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'running', recipients: 2, started: 1, skipped: [{ contactId: dana.id, name: 'Dana', reason: 'no_address' }] });
    const cards = await campaignConversations(res.body.id);
    expect(cards.map((c) => c.contact.id)).toEqual([eve.id]);
    expect(await count('select count(*)::int as n from contact where workspace_id = ? and name = ?', [admin.user.workspaceId, 'Eve again'])).toBe(0);
    const [eveConversation] = cards;
    await waitFor(
      () => messagesOf(String(eveConversation?.id)),
      (ms) => ms[0]?.deliveryStatus === 'sent',
    );
    expect(double.sent.filter((s) => s['To'] === eve.phone)).toHaveLength(1);
  });

  it("reads the recipients' addresses once, however many there are", async () => {
    const contacts = Array.from({ length: 6 }, (_, i) => ({ name: `Lead ${i}`, phone: nextPhone() }));
    const identityReads: string[] = [];
    const onQuery = t.orm.config.get('onQuery');
    t.orm.config.set('onQuery', (sql: string, params: readonly unknown[]) => {
      if (/^select .* from "contact_identity"/i.test(sql)) identityReads.push(sql);
      return onQuery(sql, params);
    });
    try {
      const res = await launch({ name: 'Six leads', templateId, templateParams: ['5%', 'July'], contacts });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ recipients: 6, started: 6, skipped: [] });
    } finally {
      t.orm.config.set('onQuery', onQuery);
    }
    expect(identityReads).toHaveLength(1);
  });

  it('is completed at once when every recipient is skipped', async () => {
    const opted = await smsContact('Opal', { optedOut: true });
    const res = await launch({ name: 'Nobody to reach', templateId, templateParams: ['1%', 'never'], contactIds: [opted.id] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'completed', recipients: 1, started: 0, skipped: [{ contactId: opted.id, reason: 'opted_out' }] });
  });

  it('without recipients only records a draft, as before', async () => {
    const res = await launch({ name: 'Later', templateId, contactIds: [], contacts: [] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Later',
      channelAccountId: accountId,
      templateId,
      status: 'draft',
      createdAt: expect.any(String),
    });
    const list = await t.request('GET', '/api/v1/campaigns', { token: admin.token });
    expect(list.body.items.find((c: { id: string }) => c.id === res.body.id)).toMatchObject({ status: 'draft', conversations: 0 });
  });

  it('refuses bad requests with 400 naming the field, writing nothing', async () => {
    const ada = await smsContact('Ada two');
    const before = await writes(admin.user.workspaceId);

    const noTemplate = await launch({ name: 'No template', contactIds: [ada.id] });
    expect(noTemplate.status).toBe(400);
    expect(fields(noTemplate.body)).toEqual(['templateId']);

    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Lead ${i}`, phone: `+1555880${i.toString().padStart(4, '0')}` }));
    const tooMany = await launch({ name: 'Too many', templateId, templateParams: ['x', 'y'], contacts: many(1001) });
    expect(tooMany.status).toBe(400);
    expect(fields(tooMany.body)).toEqual(['contacts']);
    expect(tooMany.body.message).toContain('1000');
    // The limit counts both lists together.
    const tooManyMixed = await launch({ name: 'Too many', templateId, templateParams: ['x', 'y'], contactIds: [ada.id], contacts: many(1000) });
    expect(tooManyMixed.status).toBe(400);
    expect(fields(tooManyMixed.body)).toEqual(['contacts']);

    const noPhone = await launch({ name: 'No phone', templateId, templateParams: ['x', 'y'], contacts: [{ name: 'Mail only', email: 'mail@example.test' }] });
    expect(noPhone.status).toBe(400);
    expect(fields(noPhone.body)).toEqual(['contacts.0.phone']);

    const missingParam = await launch({ name: 'Half params', templateId, templateParams: ['x'], contactIds: [ada.id] });
    expect(missingParam.status).toBe(400);
    expect(fields(missingParam.body)).toEqual(['templateParams']);

    const badIds = await launch({ name: 'Bad ids', templateId, contactIds: ['nope'], contacts: [{ phone: '+15550000000' }] });
    expect(badIds.status).toBe(400);
    expect(fields(badIds.body)).toEqual(['contactIds', 'contacts.0.name']);

    expect(await writes(admin.user.workspaceId)).toEqual(before);
  });

  it("answers 404 for another workspace's contact, account or template, writing nothing", async () => {
    const other = await signupWorkspace(t, 'Elsewhere');
    const otherAccount = await t.request('POST', '/api/v1/channel-accounts', {
      token: other.token,
      body: {
        plugin: 'twilio-sms',
        name: 'Their line',
        config: { accountSid: double.accountSid, authToken: AUTH_TOKEN, fromNumber: '+15550007777', apiBaseUrl: double.url },
      },
    });
    const stranger = await smsContact('Stranger', { ws: other, account: otherAccount.body.id });
    const ada = await smsContact('Ada three');
    const before = await writes(admin.user.workspaceId);
    const sentBefore = double.sent.length;

    const foreignContact = await launch({
      name: 'Poach',
      templateId,
      templateParams: ['x', 'y'],
      contactIds: [ada.id, stranger.id],
      contacts: [{ name: 'New lead', phone: nextPhone() }],
    });
    expect(foreignContact.status).toBe(404);
    expect(foreignContact.body.message).toContain(stranger.id);
    expect(foreignContact.body.message).not.toContain(ada.id);
    expect(fields(foreignContact.body)).toEqual(['contactIds']);

    const foreignAccount = await launch({ name: 'Their line', channelAccountId: otherAccount.body.id, templateId, contactIds: [ada.id] });
    expect(foreignAccount.status).toBe(404);
    const otherTemplate = await t.request('POST', '/api/v1/templates', {
      token: other.token,
      body: { channelAccountId: otherAccount.body.id, name: 'theirs', body: 'Hi' },
    });
    const foreignTemplate = await launch({ name: 'Their template', templateId: otherTemplate.body.id, contactIds: [ada.id] });
    expect(foreignTemplate.status).toBe(404);
    const unknownTemplate = await launch({ name: 'Unknown template', templateId: uuidv7(), contactIds: [ada.id] });
    expect(unknownTemplate.status).toBe(404);

    expect(await writes(admin.user.workspaceId)).toEqual(before);
    expect(await count('select count(*)::int as n from conversation where contact_id = ? and campaign_id is not null', [stranger.id])).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(double.sent.length).toBe(sentBefore);
  });

  it('is for admins only: an operator gets 403 and nothing is written', async () => {
    const created = await t.request('POST', '/api/v1/users', {
      token: admin.token,
      body: { email: 'op@campaigns.test', name: 'Op', password: 'operator pw 1', role: 'operator' },
    });
    expect(created.status).toBe(201);
    const login = await t.request('POST', '/api/v1/auth/login', { body: { email: 'op@campaigns.test', password: 'operator pw 1' } });
    const ada = await smsContact('Ada four');
    const before = await writes(admin.user.workspaceId);
    const res = await launch({ name: 'Sneaky', templateId, templateParams: ['x', 'y'], contactIds: [ada.id] }, login.body.accessToken);
    expect(res.status).toBe(403);
    expect(await writes(admin.user.workspaceId)).toEqual(before);
    // Operators may still read the list.
    expect((await t.request('GET', '/api/v1/campaigns', { token: login.body.accessToken })).status).toBe(200);
  });
});

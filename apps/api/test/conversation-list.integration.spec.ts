import { DiscoveryService } from '@nestjs/core';
import { createChannelAccount, createTestApp, insertConversation, signupWorkspace, type TestApp } from './harness';

/** The conversation list: every filter of API.md, their combinations, counts, cursors and tenancy. */
describe('GET /api/v1/conversations', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signupWorkspace>>;
  let operator: { token: string; id: string };
  let other: Awaited<ReturnType<typeof signupWorkspace>>;
  let sms: { id: string };
  let whatsapp: { id: string };
  let email: { id: string };
  const ids: Record<string, string> = {};
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);

  const list = async (query: string, token = admin.token) => {
    const res = await t.request('GET', `/api/v1/conversations${query ? `?${query}` : ''}`, { token });
    expect(res.status).toBe(200);
    return res.body.items.map((i: { id: string }) => i.id) as string[];
  };
  const names = (wanted: string[]) => wanted.map((n) => ids[n]);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signupWorkspace(t, 'List');
    other = await signupWorkspace(t, 'Other');
    const created = await t.request('POST', '/api/v1/users', {
      token: admin.token,
      body: { email: 'op@list.test', name: 'Op', password: 'operator pw 1', role: 'operator' },
    });
    const login = await t.request('POST', '/api/v1/auth/login', { body: { email: 'op@list.test', password: 'operator pw 1' } });
    operator = { token: login.body.accessToken, id: created.body.id };
    sms = await createChannelAccount(t, admin.token, 'sms');
    whatsapp = await createChannelAccount(t, admin.token, 'whatsapp');
    email = await createChannelAccount(t, admin.token, 'email');
    const otherSms = await createChannelAccount(t, other.token, 'sms');
    const campaign = await t.request('POST', '/api/v1/campaigns', { token: admin.token, body: { name: 'Spring', channelAccountId: sms.id } });
    const ws = admin.user.workspaceId;

    const fixture = async (name: string, f: Omit<Parameters<typeof insertConversation>[1], 'workspaceId'>) => {
      const { id } = await insertConversation(t, { workspaceId: ws, ...f });
      ids[name] = id;
    };
    // Newest first by last activity: a (0.1h) … k (200h).
    await fixture('a', {
      channelAccountId: sms.id,
      channel: 'sms',
      contact: { name: 'Jordan Lee', phone: '+15550111001' },
      lastActivityAt: hoursAgo(0.1),
      messages: [{ direction: 'inbound', body: 'Do you cover Shelbyville on weekends?' }],
    });
    await fixture('b', {
      channelAccountId: whatsapp.id,
      channel: 'whatsapp',
      contact: { name: 'Priya Raman', phone: '+15550111002' },
      status: 'human_handling',
      assigneeId: operator.id,
      lastActivityAt: hoursAgo(1),
      messages: [{ direction: 'inbound', body: 'The water heater is leaking again' }],
    });
    await fixture('c', {
      channelAccountId: email.id,
      channel: 'email',
      contact: { name: 'Sam Okafor', email: 'sam.okafor@bakery.test' },
      status: 'human_handling',
      assigneeId: admin.user.id,
      lastActivityAt: hoursAgo(2),
      messages: [
        { direction: 'inbound', body: 'Quote for three radiators please' },
        { direction: 'outbound', body: 'On it' },
      ],
    });
    await fixture('d', {
      channelAccountId: sms.id,
      channel: 'sms',
      contact: { name: 'Elena García', phone: '+15550111004' },
      lastActivityAt: hoursAgo(3),
      pendingDrafts: 1,
      messages: [{ direction: 'inbound', body: 'How much is a standard visit?' }],
    });
    await fixture('e', {
      channelAccountId: sms.id,
      channel: 'sms',
      contact: { name: 'Tom Becker', phone: '+15550111005' },
      status: 'resolved',
      lastActivityAt: hoursAgo(5),
      messages: [{ direction: 'inbound', body: 'Thanks, that helps' }],
    });
    await fixture('f', {
      channelAccountId: sms.id,
      channel: 'sms',
      contact: { name: 'Marcus Brown', phone: '+15550111007' },
      status: 'opted_out',
      optedOut: true,
      campaignId: campaign.body.id,
      lastActivityAt: hoursAgo(30),
      messages: [
        { direction: 'outbound', body: 'Spring tune-up offer' },
        { direction: 'inbound', body: 'STOP' },
      ],
    });
    await fixture('g', {
      channelAccountId: whatsapp.id,
      channel: 'whatsapp',
      contact: { name: 'Hannah Schmidt', phone: '+15550111009' },
      status: 'human_handling',
      lastActivityAt: hoursAgo(48),
      messages: [{ direction: 'outbound', body: 'Leo here, checking your invoice' }],
    });
    await fixture('h', {
      channelAccountId: sms.id,
      channel: 'sms',
      contact: { name: 'Oliver Novak', phone: '+15550111010' },
      status: 'resolved',
      archived: true,
      campaignId: campaign.body.id,
      lastActivityAt: hoursAgo(72),
      messages: [{ direction: 'inbound', body: 'Monday works for the tune-up' }],
    });
    await fixture('i', {
      channelAccountId: email.id,
      channel: 'email',
      contact: { name: 'Grace Kim', email: 'grace@kim.test' },
      status: 'resolved',
      lastActivityAt: hoursAgo(100),
      messages: [{ direction: 'outbound', body: 'Cancellation is free up to 24 hours before' }],
    });
    await fixture('j', {
      channelAccountId: sms.id,
      channel: 'sms',
      contact: { name: 'Jordan Lee 2', phone: '+15550111099' },
      assigneeId: operator.id,
      lastActivityAt: hoursAgo(150),
      messages: [{ direction: 'inbound', body: 'radiators bleeding advice' }],
    });
    await fixture('k', {
      channelAccountId: sms.id,
      channel: 'sms',
      contact: { name: 'No Messages Yet', phone: '+15550111100' },
      lastActivityAt: hoursAgo(200),
    });
    // Another workspace's conversation matching every query below: it must never show up.
    const { id: foreign } = await insertConversation(t, {
      workspaceId: other.user.workspaceId,
      channelAccountId: otherSms.id,
      channel: 'sms',
      contact: { name: 'Jordan Lee', phone: '+15550111001' },
      lastActivityAt: hoursAgo(0.05),
      messages: [{ direction: 'inbound', body: 'radiators leaking Shelbyville' }],
    });
    ids['foreign'] = foreign;
    ids['campaign'] = campaign.body.id;
  });
  afterAll(() => t.close());

  it('lists unarchived conversations newest first, each with what a card shows', async () => {
    expect(await list('')).toEqual(names(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'i', 'j', 'k']));
    const res = await t.request('GET', '/api/v1/conversations?limit=2', { token: admin.token });
    expect(res.body.items[1]).toEqual({
      id: ids['b'],
      status: 'human_handling',
      contact: { id: expect.any(String), name: 'Priya Raman', phone: '+15550111002', email: null },
      channel: 'whatsapp',
      channelAccountId: whatsapp.id,
      assignee: { id: operator.id, name: 'Op', email: 'op@list.test' },
      lastMessagePreview: 'The water heater is leaking again',
      lastActivityAt: expect.any(String),
      unread: true,
      requiresAction: true,
      slaBreachedAt: null,
      escalationReason: null,
      bookings: [],
      campaign: null,
      replyState: 'awaiting_reply',
      // A human is handling it: the assistant is silent until handed back.
      assistantState: 'paused',
      archived: false,
      deliveryFailed: false,
    });
    expect(res.body.nextCursor).toEqual(expect.any(String));
  });

  it('filters by status (csv)', async () => {
    expect(await list('status=human_handling')).toEqual(names(['b', 'c', 'g']));
    expect(await list('status=resolved,opted_out')).toEqual(names(['e', 'f', 'i']));
  });

  it('filters by assignee: ids, me, none, and mixtures', async () => {
    expect(await list(`assigneeId=${operator.id}`)).toEqual(names(['b', 'j']));
    expect(await list('assigneeId=me', operator.token)).toEqual(names(['b', 'j']));
    expect(await list('assigneeId=me')).toEqual(names(['c']));
    expect(await list('assigneeId=none')).toEqual(names(['a', 'd', 'e', 'f', 'g', 'i', 'k']));
    expect(await list(`assigneeId=none,${admin.user.id}`)).toEqual(names(['a', 'c', 'd', 'e', 'f', 'g', 'i', 'k']));
  });

  it('filters by channel kind and by channel account', async () => {
    expect(await list('channel=whatsapp')).toEqual(names(['b', 'g']));
    expect(await list('channel=email,whatsapp')).toEqual(names(['b', 'c', 'g', 'i']));
    expect(await list(`channelAccountId=${email.id}`)).toEqual(names(['c', 'i']));
  });

  it('filters by last-activity date range', async () => {
    expect(await list(`from=${hoursAgo(4).toISOString()}`)).toEqual(names(['a', 'b', 'c', 'd']));
    expect(await list(`from=${hoursAgo(60).toISOString()}&to=${hoursAgo(4).toISOString()}`)).toEqual(names(['e', 'f', 'g']));
  });

  it('searches contact name, email, phone fragments and message words with q', async () => {
    expect(await list('q=jordan')).toEqual(names(['a', 'j']));
    expect(await list('q=bakery.test')).toEqual(names(['c']));
    expect(await list('q=0111004')).toEqual(names(['d']));
    expect(await list(`q=${encodeURIComponent('0111-100')}`)).toEqual(names(['k']));
    expect(await list(`q=${encodeURIComponent('(555) 0111')}`)).toEqual(names(['a', 'b', 'd', 'e', 'f', 'g', 'j', 'k']));
    expect(await list('q=radiators')).toEqual(names(['c', 'j']));
    expect(await list('q=shelbyville')).toEqual(names(['a']));
    // LIKE wildcards in q are literal characters, not patterns.
    expect(await list(`q=${encodeURIComponent('%_')}`)).toEqual([]);
  });

  it('filters unread per user: reading clears it for that user only', async () => {
    expect(await list('unread=true')).toEqual(names(['a', 'b', 'c', 'd', 'e', 'f', 'j']));
    expect((await t.request('POST', `/api/v1/conversations/${ids['a']}/read`, { token: admin.token })).body.unread).toBe(false);
    expect(await list('unread=true')).toEqual(names(['b', 'c', 'd', 'e', 'f', 'j']));
    expect(await list('unread=true', operator.token)).toEqual(names(['a', 'b', 'c', 'd', 'e', 'f', 'j']));
    expect(await list('unread=false')).toEqual(names(['a', 'g', 'i', 'k']));
    // "Mark as unread" wins even without a newer inbound message.
    await t.request('POST', `/api/v1/conversations/${ids['g']}/unread`, { token: admin.token });
    expect(await list('unread=true&channel=whatsapp')).toEqual(names(['b', 'g']));
    await t.request('POST', `/api/v1/conversations/${ids['g']}/read`, { token: admin.token });
  });

  it('filters requiresAction: escalated and awaiting our reply, or a draft pending', async () => {
    expect(await list('requiresAction=true')).toEqual(names(['b', 'd']));
  });

  it('shows the Archived tab with archived=true', async () => {
    expect(await list('archived=true')).toEqual(names(['h']));
  });

  it('filters by contact and by campaign', async () => {
    const detail = await t.request('GET', `/api/v1/conversations/${ids['c']}`, { token: admin.token });
    expect(await list(`contactId=${detail.body.contact.id}`)).toEqual(names(['c']));
    expect(await list(`campaignId=${ids['campaign']}`)).toEqual(names(['f']));
    expect(await list(`campaignId=${ids['campaign']}&archived=true`)).toEqual(names(['h']));
  });

  it('combines filters', async () => {
    expect(await list(`status=human_handling&assigneeId=${operator.id}`)).toEqual(names(['b']));
    expect(await list(`channel=sms&from=${hoursAgo(10).toISOString()}&to=${hoursAgo(2.5).toISOString()}`)).toEqual(names(['d', 'e']));
    expect(await list('q=jordan&status=ai_handling&assigneeId=none')).toEqual(names(['a']));
    expect(await list('unread=true&requiresAction=true&channel=sms')).toEqual(names(['d']));
    expect(await list('status=resolved&channel=email&q=grace')).toEqual(names(['i']));
  });

  it('pages with an opaque keyset cursor: every item once, in order', async () => {
    const all = await list('');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await t.request(
        'GET',
        `/api/v1/conversations?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { token: admin.token },
      );
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    // Cursors compose with filters.
    const page1 = await t.request('GET', '/api/v1/conversations?channel=sms&limit=2', { token: admin.token });
    const page2 = await t.request('GET', `/api/v1/conversations?channel=sms&limit=2&cursor=${page1.body.nextCursor}`, { token: admin.token });
    expect([...page1.body.items, ...page2.body.items].map((i: { id: string }) => i.id)).toEqual(names(['a', 'd', 'e', 'f']));
  });

  it('rejects bad filters with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['status=open', 'status'],
      ['channel=fax', 'channel'],
      ['assigneeId=bob', 'assigneeId'],
      ['from=yesterday', 'from'],
      ['unread=maybe', 'unread'],
      ['limit=500', 'limit'],
      ['limit=0', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      ['contactId=42', 'contactId'],
      ['sort=name', 'sort'],
    ];
    for (const [query, field] of cases) {
      const res = await t.request('GET', `/api/v1/conversations?${query}`, { token: admin.token });
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('counts per status under the same filters, ignoring status', async () => {
    const all = await t.request('GET', '/api/v1/conversations/counts', { token: admin.token });
    expect(all.body).toEqual({ ai_handling: 4, human_handling: 3, resolved: 2, opted_out: 1 });
    const smsOnly = await t.request('GET', '/api/v1/conversations/counts?channel=sms&status=resolved', { token: admin.token });
    expect(smsOnly.body).toEqual({ ai_handling: 4, human_handling: 0, resolved: 1, opted_out: 1 });
    const unread = await t.request('GET', '/api/v1/conversations/counts?unread=true', { token: operator.token });
    expect(unread.body).toEqual({ ai_handling: 3, human_handling: 2, resolved: 1, opted_out: 1 });
    const foreign = await t.request('GET', '/api/v1/conversations/counts', { token: other.token });
    expect(foreign.body).toEqual({ ai_handling: 1, human_handling: 0, resolved: 0, opted_out: 0 });
  });

  it('keeps the maintained counts (channel, account, assignee) equal to counting, through assignment, status changes, archiving and deletion', async () => {
    const w = await signupWorkspace(t, 'Counted');
    const line = await createChannelAccount(t, w.token, 'sms');
    const chat = await createChannelAccount(t, w.token, 'whatsapp');
    const ids: string[] = [];
    const fixtures = [
      ['ai_handling', line],
      ['ai_handling', line],
      ['human_handling', chat],
      ['resolved', line],
      ['ai_handling', chat],
    ] as const;
    for (const [i, [status, account]] of fixtures.entries()) {
      const channel = account === line ? 'sms' : 'whatsapp';
      ids.push(
        (
          await insertConversation(t, {
            workspaceId: w.user.workspaceId,
            channelAccountId: account.id,
            channel,
            status,
            contact: { name: `C${i}`, phone: `+1555060${i}000` },
          })
        ).id,
      );
    }
    const counts = async (query: string) => {
      const res = await t.request('GET', `/api/v1/conversations/counts?${query}`, { token: w.token });
      expect(res.status).toBe(200);
      return res.body;
    };
    // `from` far in the past matches every conversation but takes the counting path: the two must agree.
    const queries = [
      '',
      'archived=true',
      'channel=sms',
      'channel=whatsapp,email',
      `channelAccountId=${chat.id}`,
      'assigneeId=me',
      'assigneeId=none',
      `assigneeId=me,none&channel=whatsapp`,
      `assigneeId=${w.user.id}&archived=true`,
    ];
    const agree = async () => {
      for (const query of queries) {
        const counted = await counts(`${query}${query ? '&' : ''}from=2000-01-01T00:00:00.000Z`);
        expect({ query, counts: await counts(query) }).toEqual({ query, counts: counted });
      }
    };
    expect(await counts('')).toEqual({ ai_handling: 3, human_handling: 1, resolved: 1, opted_out: 0 });
    expect(await counts('channel=whatsapp')).toEqual({ ai_handling: 1, human_handling: 1, resolved: 0, opted_out: 0 });
    await agree();

    expect((await t.request('POST', `/api/v1/conversations/${ids[2]}/assign`, { token: w.token, body: { assigneeId: w.user.id } })).status).toBeLessThan(300);
    expect((await t.request('POST', `/api/v1/conversations/${ids[4]}/assign`, { token: w.token, body: { assigneeId: w.user.id } })).status).toBeLessThan(300);
    expect(await counts('assigneeId=me')).toEqual({ ai_handling: 0, human_handling: 2, resolved: 0, opted_out: 0 });
    await agree();

    await t.request('POST', `/api/v1/conversations/${ids[0]}/resolve`, { token: w.token });
    await t.request('POST', `/api/v1/conversations/${ids[1]}/archive`, { token: w.token });
    await t.request('POST', `/api/v1/conversations/${ids[4]}/unassign`, { token: w.token });
    await t.request('POST', `/api/v1/conversations/${ids[2]}/archive`, { token: w.token });
    await t.request('DELETE', `/api/v1/conversations/${ids[3]}`, { token: w.token });
    expect(await counts('')).toEqual({ ai_handling: 0, human_handling: 1, resolved: 1, opted_out: 0 });
    expect(await counts('archived=true')).toEqual({ ai_handling: 1, human_handling: 1, resolved: 0, opted_out: 0 });
    await agree();
  });

  /** Every id of a filter, paged one by one through the keyset cursor. */
  const pagedOneByOne = async (query: string, token = admin.token) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await t.request(
        'GET',
        `/api/v1/conversations?limit=1${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`,
        { token },
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor && seen.length < 50);
    return seen;
  };
  /** The query class's tuning knobs (static), found through Nest's discovery: tests force each `q` strategy. */
  const strategy = () =>
    t.app
      .get(DiscoveryService)
      .getProviders()
      .find((w) => w.name === 'ConversationListQuery')?.metatype as unknown as { walkAboveEstimatedMessages: number; walkLimit: number };

  it('finds the same pages for q whether it walks conversations or collects matches first', async () => {
    const knobs = strategy();
    const saved = { ...knobs };
    const queries = [
      'q=radiators',
      'q=jordan',
      'q=leaking',
      'q=0111',
      `q=${encodeURIComponent('water heater')}`,
      'q=radiators&status=human_handling',
      'q=jordan&unread=true',
      'q=leaking&requiresAction=true',
      'q=the',
      `q=${encodeURIComponent('%_')}`,
    ];
    try {
      knobs.walkAboveEstimatedMessages = Number.POSITIVE_INFINITY; // always collect
      const collected = await Promise.all(queries.map(async (q) => [await list(q), await pagedOneByOne(q)]));
      knobs.walkAboveEstimatedMessages = -1; // always walk
      for (const walkLimit of [saved.walkLimit, 1, 2]) {
        knobs.walkLimit = walkLimit; // 1 and 2: the walk stops early and the page is completed by collecting
        for (const [i, q] of queries.entries()) {
          expect({ q, walkLimit, ids: [await list(q), await pagedOneByOne(q)] }).toEqual({ q, walkLimit, ids: collected[i] });
        }
      }
      expect(collected[0][0]).toEqual(names(['c', 'j']));
      expect(collected[3][0]).toEqual(names(['a', 'b', 'd', 'e', 'f', 'g', 'j', 'k']));
    } finally {
      Object.assign(knobs, saved);
    }
  });

  it('keeps each search document a superset of its messages: appended on insert, forgotten (null) on an edit, and the walk still finds every match', async () => {
    const knobs = strategy();
    const saved = { ...knobs };
    const sql = t.orm.em.getConnection();
    const documentOf = async (id: string) =>
      ((await sql.execute('select document::text as d from conversation_search where conversation_id = ?', [id])) as { d: string | null }[])[0]?.d;
    try {
      knobs.walkAboveEstimatedMessages = -1; // always walk: the path that reads the documents
      expect(await documentOf(ids['c'])).toEqual(expect.stringContaining("'radiators'"));
      // Words in two different messages of one conversation are not one message's match.
      expect(await list(`q=${encodeURIComponent('quote on')}`)).toEqual([]);

      const [message] = (await sql.execute("select id from message where conversation_id = ? and body like 'Quote%'", [ids['c']])) as { id: string }[];
      await sql.execute("update message set body = 'Quote for three towel rails please' where id = ?", [message.id]);
      expect(await documentOf(ids['c'])).toBeNull();
      expect(await list('q=towel')).toEqual(names(['c']));
      expect(await list('q=radiators')).toEqual(names(['j']));

      // A conversation without a document row (as after a load with triggers off) gets one built from
      // all its messages with its next message, not from that message alone.
      await sql.execute('delete from conversation_search where conversation_id = ?', [ids['j']]);
      expect(await list('q=bleeding')).toEqual(names(['j']));
      await t.request('POST', `/api/v1/conversations/${ids['j']}/messages`, { token: admin.token, body: { body: 'Bleed them with a radiator key' } });
      expect(await documentOf(ids['j'])).toEqual(expect.stringContaining("'key'"));
      expect(await documentOf(ids['j'])).toEqual(expect.stringContaining("'bleeding'"));
      expect(await list('q=key')).toEqual(names(['j']));
      expect(await list('q=bleeding')).toEqual(names(['j']));
    } finally {
      Object.assign(knobs, saved);
    }
  });

  it('pages requiresAction by SLA priority first, then last activity, through the cursor', async () => {
    await t.orm.em.getConnection().execute('update conversation set priority = 1, sla_breached_at = now() where id = ?', [ids['d']]);
    try {
      expect(await list('requiresAction=true')).toEqual(names(['d', 'b']));
      expect(await pagedOneByOne('requiresAction=true')).toEqual(names(['d', 'b']));
      expect(await pagedOneByOne('requiresAction=true&q=leaking')).toEqual(names(['b']));
    } finally {
      await t.orm.em.getConnection().execute('update conversation set priority = 0, sla_breached_at = null where id = ?', [ids['d']]);
    }
  });

  it("shows each card's bookings as the conversation itself does", async () => {
    const created = await t.request('POST', `/api/v1/conversations/${ids['i']}/bookings`, {
      token: admin.token,
      body: { externalId: 'job-42', jobType: 'Boiler service', url: 'https://crm.test/jobs/42' },
    });
    expect(created.status).toBe(201);
    await t.request('POST', `/api/v1/conversations/${ids['i']}/bookings`, { token: admin.token, body: { externalId: 'job-43', jobType: 'Follow-up' } });
    const detail = await t.request('GET', `/api/v1/conversations/${ids['i']}`, { token: admin.token });
    const page = await t.request('GET', '/api/v1/conversations?channel=email', { token: admin.token });
    const card = page.body.items.find((item: { id: string }) => item.id === ids['i']);
    expect(card.bookings).toHaveLength(2);
    expect(card.bookings).toEqual(detail.body.bookings);
    expect(card.bookings[0]).toEqual({
      id: created.body.id,
      conversationId: ids['i'],
      externalId: 'job-42',
      jobType: 'Boiler service',
      url: 'https://crm.test/jobs/42',
      status: 'active',
      createdAt: expect.any(String),
      cancelledAt: null,
    });
  });

  it("never shows another workspace's conversations, whatever the filter", async () => {
    for (const query of ['', 'q=jordan', 'q=radiators', 'unread=true', `assigneeId=none`]) {
      expect(await list(query)).not.toContain(ids['foreign']);
    }
    expect(await list('', other.token)).toEqual([ids['foreign']]);
    expect((await t.request('GET', `/api/v1/conversations?assigneeId=${operator.id}`, { token: other.token })).body.items).toEqual([]);
  });
});

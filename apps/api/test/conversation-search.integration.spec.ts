import { DiscoveryService } from '@nestjs/core';
import { createChannelAccount, createTestApp, insertConversation, signupWorkspace, type TestApp } from './harness';

/**
 * The conversation list as operators use it (issue 13, §4 items 4–6): search that finds what people
 * type (prefixes, plurals, accents), counts that stay cheap when no counter answers them (exact or
 * capped), the reply state (seed 003's Created / Pending / Replied) and the list grouped by customer
 * (seed 004). Another workspace holds a twin of every fixture: it never shows up.
 */
describe('conversation search, reply state and grouping', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signupWorkspace>>;
  let other: Awaited<ReturnType<typeof signupWorkspace>>;
  const ids: Record<string, string> = {};
  const contacts: Record<string, string> = {};
  const foreign: string[] = [];
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);

  const get = async (path: string, token = admin.token) => {
    const res = await t.request('GET', path, { token });
    expect({ path, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ path, status: 200, body: undefined });
    return res.body;
  };
  const list = async (query: string, token = admin.token) =>
    ((await get(`/api/v1/conversations${query ? `?${query}` : ''}`, token)).items as { id: string }[]).map((i) => i.id);
  const search = (q: string) => list(`q=${encodeURIComponent(q)}`);
  const names = (wanted: string[]) => wanted.map((n) => ids[n]);
  const counts = (query: string, token = admin.token) => get(`/api/v1/conversations/counts?${query}`, token);

  /** The query class's tuning knobs (static), found through Nest's discovery: tests force each strategy. */
  const knobs = () =>
    t.app
      .get(DiscoveryService)
      .getProviders()
      .find((w) => w.name === 'ConversationListQuery')?.metatype as unknown as Record<string, number>;
  const withKnobs = async (values: Record<string, number>, fn: () => Promise<void>) => {
    const k = knobs();
    const saved = { ...k };
    Object.assign(k, values);
    try {
      await fn();
    } finally {
      Object.assign(k, saved);
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signupWorkspace(t, 'Search');
    other = await signupWorkspace(t, 'Elsewhere');
    const sms = await createChannelAccount(t, admin.token, 'sms');
    const email = await createChannelAccount(t, admin.token, 'email');
    const otherSms = await createChannelAccount(t, other.token, 'sms');
    const ws = admin.user.workspaceId;
    const fixture = async (name: string, f: Omit<Parameters<typeof insertConversation>[1], 'workspaceId'>) => {
      const { id, contactId } = await insertConversation(t, { workspaceId: ws, ...f });
      ids[name] = id;
      contacts[name] = contactId;
      // The twin in another workspace: same contact, same words, newer. It must never appear.
      foreign.push(
        (
          await insertConversation(t, {
            ...f,
            workspaceId: other.user.workspaceId,
            channelAccountId: otherSms.id,
            channel: 'sms',
            contact: { ...f.contact, id: undefined },
            lastActivityAt: new Date(),
          })
        ).id,
      );
    };
    const inbound = (body: string) => ({ direction: 'inbound' as const, body });
    const outbound = (body: string) => ({ direction: 'outbound' as const, body });
    // Newest first: a (1h) … g (9h); d1–d3 are one customer's three conversations.
    await fixture('a', {
      channelAccountId: sms.id,
      channel: 'sms',
      contact: { name: 'Elena García', phone: '+15550122001' },
      lastActivityAt: hoursAgo(1),
      messages: [inbound('The water heater is leaking')],
    });
    await fixture('d1', {
      channelAccountId: sms.id,
      channel: 'sms',
      contact: { name: 'Dana Cruz', phone: '+15550122009' },
      status: 'resolved',
      lastActivityAt: hoursAgo(2),
      messages: [inbound('Furnace makes a noise'), outbound('A technician comes Monday')],
    });
    await fixture('b', {
      channelAccountId: sms.id,
      channel: 'sms',
      contact: { name: 'Bob Stone', phone: '+15550122002' },
      status: 'human_handling',
      lastActivityAt: hoursAgo(3),
      messages: [inbound('Two heaters need a service'), outbound('We can do Friday')],
    });
    await fixture('c', {
      channelAccountId: email.id,
      channel: 'email',
      contact: { name: 'Zoë Müller', email: 'zm@bakery.test' },
      lastActivityAt: hoursAgo(4),
      messages: [inbound('Café order: the radiators keep leaking')],
    });
    await fixture('e', {
      channelAccountId: sms.id,
      channel: 'sms',
      contact: { name: 'Ian Wells', phone: '+15550122005' },
      lastActivityAt: hoursAgo(5),
      messages: [inbound('Do you sell batteries for the thermostat?')],
    });
    ids['d2'] = (
      await insertConversation(t, {
        workspaceId: ws,
        channelAccountId: sms.id,
        channel: 'sms',
        contact: { id: contacts['d1'], name: 'Dana Cruz' },
        lastActivityAt: hoursAgo(6),
        messages: [inbound('The boiler is leaking too')],
      })
    ).id;
    await fixture('f', {
      channelAccountId: sms.id,
      channel: 'sms',
      contact: { name: 'Nobody Yet', phone: '+15550122006' },
      lastActivityAt: hoursAgo(7),
    });
    ids['d3'] = (
      await insertConversation(t, {
        workspaceId: ws,
        channelAccountId: sms.id,
        channel: 'sms',
        contact: { id: contacts['d1'], name: 'Dana Cruz' },
        status: 'human_handling',
        lastActivityAt: hoursAgo(8),
        messages: [inbound('Invoice question'), outbound('Sent it again')],
      })
    ).id;
    await fixture('g', {
      channelAccountId: sms.id,
      channel: 'sms',
      contact: { name: 'Company Battery', phone: '+15550122007' },
      lastActivityAt: hoursAgo(9),
      messages: [outbound('Your battery order shipped')],
    });
  });
  afterAll(() => t.close());

  const cases: [string, string[]][] = [
    // Prefixes: what is typed so far, and inflections.
    ['leak', ['a', 'c', 'd2']],
    ['leaki', ['a', 'c', 'd2']],
    ['heat', ['a', 'b']],
    // Plurals both ways, including the ones a prefix cannot reach (batteries / battery).
    ['heaters', ['a', 'b']],
    ['heater', ['a', 'b']],
    ['batteries', ['e', 'g']],
    // Accents folded both ways, in contact names and in message words.
    ['Garcia', ['a']],
    ['garcía', ['a']],
    ['GARC', ['a']],
    ['muller', ['c']],
    ['Zoe', ['c']],
    ['cafe', ['c']],
    ['Café', ['c']],
    // Several words: each a prefix, all in one message.
    ['water heat', ['a']],
    ['heater service', ['b']],
    ['leaking café', ['c']],
    // Contact name, email and phone fragments as before.
    ['dana', ['d1', 'd2', 'd3']],
    ['bakery.test', ['c']],
    ['0122002', ['b']],
    ['invoice', ['d3']],
  ];

  it('finds what people type: prefixes, plurals and accent-free spellings, in names and messages', async () => {
    for (const [q, expected] of cases) {
      expect({ q, ids: await search(q) }).toEqual({ q, ids: names(expected) });
    }
  });

  it('finds the same conversations whether it walks conversations or collects matches first', async () => {
    for (const walkAboveEstimatedMessages of [Number.POSITIVE_INFINITY, -1]) {
      await withKnobs({ walkAboveEstimatedMessages }, async () => {
        for (const [q, expected] of cases) {
          expect({ q, walkAboveEstimatedMessages, ids: await search(q) }).toEqual({ q, walkAboveEstimatedMessages, ids: names(expected) });
        }
      });
    }
  });

  it('counts what the search finds', async () => {
    expect(await counts('q=leak')).toEqual({ ai_handling: 3, human_handling: 0, resolved: 0, opted_out: 0 });
    expect(await counts('q=heaters')).toEqual({ ai_handling: 1, human_handling: 1, resolved: 0, opted_out: 0 });
    expect(await counts('q=leak', other.token)).toEqual({ ai_handling: 2, human_handling: 0, resolved: 0, opted_out: 0 });
  });

  it('counts q, unread and the reply state exactly up to the cap, and above it says `capped` with lower bounds', async () => {
    const exact: Record<string, Record<string, number>> = {
      'q=leak': { ai_handling: 3, human_handling: 0, resolved: 0, opted_out: 0 },
      'q=heaters': { ai_handling: 1, human_handling: 1, resolved: 0, opted_out: 0 },
      'q=dana': { ai_handling: 1, human_handling: 1, resolved: 1, opted_out: 0 },
      'q=e': { ai_handling: 5, human_handling: 1, resolved: 0, opted_out: 0 },
      'unread=true': { ai_handling: 4, human_handling: 2, resolved: 1, opted_out: 0 },
      'q=dana&unread=true': { ai_handling: 1, human_handling: 1, resolved: 1, opted_out: 0 },
      'replyState=awaiting_reply': { ai_handling: 4, human_handling: 0, resolved: 0, opted_out: 0 },
      'replyState=new': { ai_handling: 1, human_handling: 0, resolved: 0, opted_out: 0 },
    };
    const total = (c: Record<string, number>) => ['ai_handling', 'human_handling', 'resolved', 'opted_out'].reduce((n, s) => n + c[s], 0);
    for (const countWalkAboveEstimatedMessages of [Number.POSITIVE_INFINITY, -1]) {
      await withKnobs({ countWalkAboveEstimatedMessages }, async () => {
        for (const [query, expected] of Object.entries(exact)) expect({ query, counts: await counts(query) }).toEqual({ query, counts: expected });
      });
      await withKnobs({ countWalkAboveEstimatedMessages, countCap: 2 }, async () => {
        for (const [query, expected] of Object.entries(exact)) {
          const got = await counts(query);
          if (total(expected) <= 2) {
            expect({ query, got }).toEqual({ query, got: expected });
            continue;
          }
          // Capped: the statuses of the first 2 matches found, each at most the real figure.
          expect({ query, capped: got.capped, total: total(got) }).toEqual({ query, capped: true, total: 2 });
          for (const status of Object.keys(expected)) expect(got[status]).toBeLessThanOrEqual(expected[status]);
        }
        // The maintained counters are exact whatever the cap.
        expect(await counts('')).toEqual({ ai_handling: 6, human_handling: 2, resolved: 1, opted_out: 0 });
      });
    }
  });

  it('shows the reply state on every card and filters by it (csv; created and pending name new and awaiting_reply)', async () => {
    const page = await get('/api/v1/conversations');
    const state = Object.fromEntries((page.items as { id: string; replyState: string }[]).map((i) => [i.id, i.replyState]));
    expect(state).toEqual({
      [ids['a']]: 'awaiting_reply',
      [ids['d1']]: 'replied',
      [ids['b']]: 'replied',
      [ids['c']]: 'awaiting_reply',
      [ids['e']]: 'awaiting_reply',
      [ids['d2']]: 'awaiting_reply',
      [ids['f']]: 'new',
      [ids['d3']]: 'replied',
      [ids['g']]: 'replied',
    });
    expect(await list('replyState=new')).toEqual(names(['f']));
    expect(await list('replyState=created')).toEqual(names(['f']));
    expect(await list('replyState=awaiting_reply')).toEqual(names(['a', 'c', 'e', 'd2']));
    expect(await list('replyState=pending,replied')).toEqual(names(['a', 'd1', 'b', 'c', 'e', 'd2', 'd3', 'g']));
    expect(await list('replyState=replied&status=human_handling')).toEqual(names(['b', 'd3']));
    expect(await list('replyState=awaiting_reply&q=leak')).toEqual(names(['a', 'c', 'd2']));
    expect(await counts('replyState=replied')).toEqual({ ai_handling: 1, human_handling: 2, resolved: 1, opted_out: 0 });
    expect(await list('replyState=pending', other.token)).toEqual(foreign.filter((_, i) => [0, 3, 4].includes(i)).reverse());
    const bad = await t.request('GET', '/api/v1/conversations?replyState=waiting', { token: admin.token });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('replyState');
  });

  it('groups by contact: one row per customer (their latest matching conversation) with how many conversations match', async () => {
    const grouped = async (query: string) =>
      (
        (await get(`/api/v1/conversations?groupBy=contact${query ? `&${query}` : ''}`)).items as {
          id: string;
          contact: { id: string };
          conversationCount: number;
        }[]
      ).map((i) => [i.id, i.conversationCount]);
    const row = (name: string, n: number) => [ids[name], n];
    expect(await grouped('')).toEqual([row('a', 1), row('d1', 3), row('b', 1), row('c', 1), row('e', 1), row('f', 1), row('g', 1)]);
    // Every filter applies to the conversations grouped, and so to the latest one and the count.
    expect(await grouped('status=ai_handling')).toEqual([row('a', 1), row('c', 1), row('e', 1), row('d2', 1), row('f', 1), row('g', 1)]);
    expect(await grouped('q=leak')).toEqual([row('a', 1), row('c', 1), row('d2', 1)]);
    expect(await grouped('q=dana')).toEqual([row('d1', 3)]);
    expect(await grouped('replyState=replied')).toEqual([row('d1', 2), row('b', 1), row('g', 1)]);
    expect(await grouped('unread=true&channel=sms')).toEqual([row('a', 1), row('d1', 3), row('b', 1), row('e', 1)]);
    for (const walkAboveEstimatedMessages of [Number.POSITIVE_INFINITY, -1]) {
      await withKnobs({ walkAboveEstimatedMessages }, async () => {
        expect({ walkAboveEstimatedMessages, rows: await grouped('q=leaking') }).toEqual({
          walkAboveEstimatedMessages,
          rows: [row('a', 1), row('c', 1), row('d2', 1)],
        });
      });
    }
    // The card is the conversation's own card.
    const [card] = (await get('/api/v1/conversations?groupBy=contact&limit=2')).items.slice(1);
    expect(card).toEqual(
      expect.objectContaining({ id: ids['d1'], status: 'resolved', contact: expect.objectContaining({ name: 'Dana Cruz' }), conversationCount: 3 }),
    );
    expect(((await get('/api/v1/conversations?groupBy=contact', other.token)).items as { id: string }[]).map((i) => i.id)).toEqual([...foreign].reverse());
  });

  it('pages groups with the keyset cursor: every customer once, in order, under any filter', async () => {
    for (const query of ['', 'status=ai_handling', 'q=leak', 'requiresAction=true']) {
      const all = await list(`groupBy=contact${query ? `&${query}` : ''}`);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = await get(
          `/api/v1/conversations?groupBy=contact&limit=1${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor && seen.length < 20);
      expect({ query, seen }).toEqual({ query, seen: all });
    }
    const bad = await t.request('GET', '/api/v1/conversations?groupBy=channel', { token: admin.token });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('groupBy');
  });

  it("never shows another workspace's conversations", async () => {
    for (const q of ['', 'q=leak', 'q=garcia', 'q=heaters', 'unread=true', 'replyState=pending', 'groupBy=contact', 'groupBy=contact&q=dana']) {
      const got = await list(q);
      expect({ q, foreign: got.filter((id) => foreign.includes(id)) }).toEqual({ q, foreign: [] });
    }
  });
});

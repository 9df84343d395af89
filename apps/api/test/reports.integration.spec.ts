import { v7 as uuidv7 } from 'uuid';
import type { ChannelKind } from '@parley/contracts';
import { createChannelAccount, createTestApp, insertConversation, signupWorkspace, type TestApp } from './harness';

type Workspace = Awaited<ReturnType<typeof signupWorkspace>>;

/**
 * Fixtures sit in separate months of 2026 in a workspace on New York time: March for volume, April for
 * the assistant, May for drafts, June for delivery. Rows are inserted with chosen timestamps.
 */
describe('reports', () => {
  let t: TestApp;
  let admin: Workspace;
  let other: Workspace;
  let operatorToken: string;
  let sms: { id: string; channel: ChannelKind };
  let whatsapp: { id: string; channel: ChannelKind };
  let otherSms: { id: string; channel: ChannelKind };
  let phoneSeq = 0;

  const sql = (query: string, params: unknown[] = []) => t.orm.em.getConnection().execute(query, params);
  const get = (path: string, token = admin.token) => t.request('GET', `/api/v1/reports/${path}`, { token });

  const conversation = async (ws: Workspace, account: { id: string; channel: ChannelKind }, createdAt: string): Promise<string> => {
    const { id } = await insertConversation(t, {
      workspaceId: ws.user.workspaceId,
      channelAccountId: account.id,
      channel: account.channel,
      contact: { name: 'Casey', phone: `+1555880${(++phoneSeq).toString().padStart(4, '0')}` },
    });
    await sql('update conversation set created_at = ? where id = ?', [new Date(createdAt), id]);
    return id;
  };
  const timeline = (ws: Workspace, conversationId: string, type: string, actorKind: string, data: Record<string, unknown>, at: string) =>
    sql('insert into timeline_event (id, workspace_id, conversation_id, type, actor_kind, data, created_at) values (?, ?, ?, ?, ?, ?::jsonb, ?)', [
      uuidv7(),
      ws.user.workspaceId,
      conversationId,
      type,
      actorKind,
      JSON.stringify(data),
      new Date(at),
    ]);
  const message = (
    ws: Workspace,
    conversationId: string,
    account: { id: string },
    m: { direction?: 'inbound' | 'outbound'; author?: string; status?: string; errorCode?: string | null; at: string },
  ) =>
    sql(
      `insert into message (id, workspace_id, conversation_id, channel_account_id, direction, author_kind, body, delivery_status, error_code, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        uuidv7(),
        ws.user.workspaceId,
        conversationId,
        account.id,
        m.direction ?? 'outbound',
        m.author ?? (m.direction === 'inbound' ? 'contact' : 'operator'),
        'text',
        m.status ?? (m.direction === 'inbound' ? 'received' : 'delivered'),
        m.errorCode ?? null,
        new Date(m.at),
      ],
    );
  const draft = async (ws: Workspace, conversationId: string, status: string, createdAt: string, edited?: boolean) => {
    const id = uuidv7();
    await sql('insert into draft (id, workspace_id, conversation_id, body, status, created_at) values (?, ?, ?, ?, ?, ?)', [
      id,
      ws.user.workspaceId,
      conversationId,
      'Draft',
      status,
      new Date(createdAt),
    ]);
    if (edited !== undefined) {
      // The entry DraftService.approve writes.
      const at = new Date(new Date(createdAt).getTime() + 60_000).toISOString();
      await timeline(
        ws,
        conversationId,
        'draft.approved',
        'operator',
        { draftId: id, messageId: uuidv7(), edited, ...(edited ? { originalBody: 'Draft', sentBody: 'Edited' } : {}) },
        at,
      );
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signupWorkspace(t, 'Reports');
    other = await signupWorkspace(t, 'Elsewhere');
    const zone = await t.request('PATCH', '/api/v1/workspace', { token: admin.token, body: { timezone: 'America/New_York' } });
    expect(zone.status).toBe(200);
    await t.request('POST', '/api/v1/users', {
      token: admin.token,
      body: { email: 'op@reports.test', name: 'Op', password: 'operator pw 1', role: 'operator' },
    });
    operatorToken = (await t.request('POST', '/api/v1/auth/login', { body: { email: 'op@reports.test', password: 'operator pw 1' } })).body.accessToken;
    sms = await createChannelAccount(t, admin.token, 'sms');
    whatsapp = await createChannelAccount(t, admin.token, 'whatsapp');
    otherSms = await createChannelAccount(t, other.token, 'sms');
  });
  afterAll(() => t.close());

  describe('conversations per day', () => {
    beforeAll(async () => {
      await conversation(admin, sms, '2026-03-01T04:00:00Z'); // Feb 28, 23:00 in New York: before the range
      await conversation(admin, sms, '2026-03-02T03:00:00Z'); // Mar 1, 22:00 in New York
      await conversation(admin, sms, '2026-03-02T12:00:00Z');
      await conversation(admin, whatsapp, '2026-03-02T15:00:00Z');
      await conversation(admin, whatsapp, '2026-03-04T23:30:00Z'); // Mar 4, 18:30
      await conversation(admin, sms, '2026-03-06T05:00:00Z'); // Mar 6, midnight: `to` is exclusive
      await conversation(other, otherSms, '2026-03-02T12:00:00Z');
    });

    it('counts by local day and channel, from local midnight to local midnight, with empty days present', async () => {
      const res = await get('conversations?from=2026-03-01&to=2026-03-06');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        timezone: 'America/New_York',
        from: '2026-03-01T05:00:00.000Z',
        to: '2026-03-06T05:00:00.000Z',
        days: [
          { date: '2026-03-01', byChannel: { sms: 1, whatsapp: 0 }, total: 1 },
          { date: '2026-03-02', byChannel: { sms: 1, whatsapp: 1 }, total: 2 },
          { date: '2026-03-03', byChannel: { sms: 0, whatsapp: 0 }, total: 0 },
          { date: '2026-03-04', byChannel: { sms: 0, whatsapp: 1 }, total: 1 },
          { date: '2026-03-05', byChannel: { sms: 0, whatsapp: 0 }, total: 0 },
        ],
        totals: { byChannel: { sms: 2, whatsapp: 2 }, total: 4 },
      });
    });

    it('accepts full ISO date-times; one without offset is wall-clock time in the workspace zone', async () => {
      const utc = await get('conversations?from=2026-03-02T00:00:00Z&to=2026-03-02T04:00:00.000Z');
      expect(utc.status).toBe(200);
      expect(utc.body).toMatchObject({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-02T04:00:00.000Z', totals: { total: 1 } });
      // Both instants fall on Mar 1 in New York: one day, not two.
      expect(utc.body.days).toEqual([{ date: '2026-03-01', byChannel: { sms: 1 }, total: 1 }]);

      const wall = await get('conversations?from=2026-03-01T22:00&to=2026-03-02T07:00:00-05:00');
      expect(wall.body).toMatchObject({ from: '2026-03-02T03:00:00.000Z', to: '2026-03-02T12:00:00.000Z', totals: { byChannel: { sms: 1 }, total: 1 } });
    });

    it('is readable by operators and shows another workspace none of it', async () => {
      expect((await get('conversations?from=2026-03-01&to=2026-03-06', operatorToken)).body.totals.total).toBe(4);
      const theirs = await get('conversations?from=2026-03-01&to=2026-03-06', other.token);
      expect(theirs.body.timezone).toBe('UTC');
      expect(theirs.body.from).toBe('2026-03-01T00:00:00.000Z');
      expect(theirs.body.totals).toEqual({ byChannel: { sms: 1 }, total: 1 });
      expect(theirs.body.days).toHaveLength(5);
    });

    it('rejects a reversed or empty range naming from, bad dates naming the field, and a series over two years', async () => {
      for (const query of ['from=2026-03-06&to=2026-03-01', 'from=2026-03-01&to=2026-03-01']) {
        const res = await get(`conversations?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(/from/);
        expect(res.body.details).toEqual([{ field: 'from', errors: ['from must be before to'] }]);
      }
      for (const [query, field] of [
        ['from=2026-13-01', 'from'],
        ['to=2026-02-30', 'to'],
        ['from=yesterday', 'from'],
        ['to=2026-W10', 'to'],
        ['from=2026-03-01T25:00Z', 'from'],
      ]) {
        const res = await get(`conversations?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
      }
      const long = await get('conversations?from=2020-01-01&to=2026-01-01');
      expect(long.status).toBe(400);
      expect(long.body.details[0].field).toBe('from');
      // The non-daily reports take a long range.
      expect((await get('drafts?from=2020-01-01&to=2026-01-01')).status).toBe(200);
      expect((await get('knowledge-gaps?from=2026-03-06&to=2026-03-01')).status).toBe(400);
      expect((await t.request('GET', '/api/v1/reports/conversations')).status).toBe(401);
    });
  });

  describe('assistant', () => {
    const range = 'from=2026-04-01&to=2026-04-11';
    beforeAll(async () => {
      const c: string[] = [];
      for (let i = 0; i < 8; i++) c.push(await conversation(admin, i % 2 ? whatsapp : sms, '2026-04-02T12:00:00Z'));
      await conversation(admin, sms, '2026-03-31T12:00:00Z'); // Before the range (it is 08:00 Mar 31 in New York)
      const resolved = (id: string, actor: string, at: string) => timeline(admin, id, 'status.changed', actor, { from: 'ai_handling', to: 'resolved' }, at);
      await resolved(c[0], 'ai', '2026-04-03T09:00:00Z');
      await resolved(c[1], 'ai', '2026-04-03T09:00:00Z');
      await resolved(c[2], 'operator', '2026-04-03T09:00:00Z');
      // Resolved by the assistant, reopened, then resolved by a human: the last resolution decides.
      await resolved(c[3], 'ai', '2026-04-03T09:00:00Z');
      await timeline(admin, c[3], 'reopened', 'contact', {}, '2026-04-04T09:00:00Z');
      await resolved(c[3], 'operator', '2026-04-05T09:00:00Z');
      await timeline(admin, c[4], 'status.changed', 'ai', { from: 'ai_handling', to: 'human_handling' }, '2026-04-03T09:00:00Z');
      await resolved(c[5], 'ai', '2026-05-01T09:00:00Z'); // After the range

      // Escalations answered by an operator after 60, 120, 180, 240 and 600 seconds.
      const escalated = (id: string, reason: string, at = '2026-04-03T10:00:00Z') => timeline(admin, id, 'escalated', 'ai', { reason }, at);
      const reply = (id: string, at: string, author = 'operator', direction: 'inbound' | 'outbound' = 'outbound') =>
        message(admin, id, sms, { at, author, direction });
      await escalated(c[2], 'billing');
      await reply(c[2], '2026-04-03T09:59:00Z'); // Before the escalation
      await reply(c[2], '2026-04-03T10:00:10Z', 'ai'); // The assistant is not a human response
      await reply(c[2], '2026-04-03T10:00:20Z', 'contact', 'inbound');
      await reply(c[2], '2026-04-03T10:01:00Z');
      await escalated(c[3], 'billing');
      await reply(c[3], '2026-04-03T10:02:00Z');
      await escalated(c[4], 'refund');
      await reply(c[4], '2026-04-03T10:03:00Z');
      await reply(c[4], '2026-04-03T10:05:00Z');
      await escalated(c[5], 'billing');
      await reply(c[5], '2026-04-03T10:04:00Z');
      await escalated(c[6], 'refund');
      await reply(c[6], '2026-04-03T10:10:00Z');
      // Escalated twice and never answered by a human.
      await escalated(c[7], 'legal');
      await reply(c[7], '2026-04-03T10:00:30Z', 'ai');
      await escalated(c[7], 'legal', '2026-04-04T10:00:00Z');
      await escalated(c[0], 'out of range', '2026-03-20T10:00:00Z');

      const theirs = await conversation(other, otherSms, '2026-04-02T12:00:00Z');
      await timeline(other, theirs, 'escalated', 'ai', { reason: 'billing' }, '2026-04-03T10:00:00Z');
      await message(other, theirs, otherSms, { at: '2026-04-03T10:00:05Z' });
      await timeline(other, theirs, 'status.changed', 'ai', { from: 'ai_handling', to: 'resolved' }, '2026-04-03T11:00:00Z');
    });

    it('reports the AI resolution rate, escalation rate, reasons and first human response percentiles', async () => {
      const res = await get(`assistant?${range}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        timezone: 'America/New_York',
        from: '2026-04-01T04:00:00.000Z',
        to: '2026-04-11T04:00:00.000Z',
        conversations: 8,
        resolved: 4,
        resolvedByAi: 2,
        aiResolutionRate: 0.5,
        escalated: 6,
        escalationRate: 0.75,
        escalationReasons: [
          { reason: 'billing', count: 3 },
          { reason: 'legal', count: 2 },
          { reason: 'refund', count: 2 },
        ],
        firstHumanResponse: { count: 5, medianSeconds: 180, p90Seconds: 456, unanswered: 2 },
      });
      expect((await get(`assistant?${range}&limit=1`)).body.escalationReasons).toEqual([{ reason: 'billing', count: 3 }]);
    });

    it('shows another workspace only its own, and has no rates without data', async () => {
      expect((await get(`assistant?${range}`, other.token)).body).toMatchObject({
        conversations: 1,
        resolved: 1,
        resolvedByAi: 1,
        escalated: 1,
        escalationReasons: [{ reason: 'billing', count: 1 }],
        firstHumanResponse: { count: 1, medianSeconds: 5, p90Seconds: 5, unanswered: 0 },
      });
      expect((await get('assistant?from=2025-01-01&to=2025-02-01')).body).toMatchObject({
        conversations: 0,
        resolved: 0,
        aiResolutionRate: null,
        escalationRate: null,
        escalationReasons: [],
        firstHumanResponse: { count: 0, medianSeconds: null, p90Seconds: null, unanswered: 0 },
      });
    });

    it('counts escalations and resolutions written by the conversation API', async () => {
      const ws = await signupWorkspace(t, 'Live');
      const account = await createChannelAccount(t, ws.token, 'sms');
      const id = (
        await insertConversation(t, {
          workspaceId: ws.user.workspaceId,
          channelAccountId: account.id,
          channel: 'sms',
          contact: { name: 'Live', phone: '+15558899001' },
        })
      ).id;
      expect((await t.request('POST', `/api/v1/conversations/${id}/escalate`, { token: ws.token, body: { reason: 'wants a human' } })).status).toBe(200);
      expect((await t.request('POST', `/api/v1/conversations/${id}/resolve`, { token: ws.token })).status).toBe(200);
      expect((await get('assistant', ws.token)).body).toMatchObject({
        conversations: 1,
        resolved: 1,
        resolvedByAi: 0,
        aiResolutionRate: 0,
        escalated: 1,
        escalationRate: 1,
        escalationReasons: [{ reason: 'wants a human', count: 1 }],
        firstHumanResponse: { count: 0, unanswered: 1 },
      });
    });
  });

  describe('drafts', () => {
    beforeAll(async () => {
      const c = await conversation(admin, sms, '2026-05-01T12:00:00Z');
      await draft(admin, c, 'pending', '2026-05-02T12:00:00Z');
      await draft(admin, c, 'pending', '2026-05-03T12:00:00Z');
      await draft(admin, c, 'approved', '2026-05-02T12:00:00Z', true);
      await draft(admin, c, 'approved', '2026-05-02T13:00:00Z', false);
      await draft(admin, c, 'approved', '2026-05-02T14:00:00Z', false);
      await draft(admin, c, 'rejected', '2026-05-04T12:00:00Z');
      await draft(admin, c, 'withdrawn', '2026-05-05T12:00:00Z');
      await draft(admin, c, 'approved', '2026-04-30T12:00:00Z', true); // Before the range
      const theirs = await conversation(other, otherSms, '2026-05-01T12:00:00Z');
      await draft(other, theirs, 'approved', '2026-05-02T12:00:00Z', true);
    });

    it('counts the drafts created in the range by outcome, and the approvals that were edited', async () => {
      const res = await get('drafts?from=2026-05-01&to=2026-06-01');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        timezone: 'America/New_York',
        from: '2026-05-01T04:00:00.000Z',
        to: '2026-06-01T04:00:00.000Z',
        created: 7,
        approved: 3,
        edited: 1,
        rejected: 1,
        withdrawn: 1,
        pending: 2,
      });
      expect((await get('drafts?from=2026-05-01&to=2026-06-01', other.token)).body).toMatchObject({ created: 1, approved: 1, edited: 1, pending: 0 });
    });
  });

  describe('delivery', () => {
    beforeAll(async () => {
      const s = await conversation(admin, sms, '2026-06-01T12:00:00Z');
      const w = await conversation(admin, whatsapp, '2026-06-01T12:00:00Z');
      const out = (id: string, account: { id: string }, status: string, errorCode: string | null = null, at = '2026-06-02T12:00:00Z') =>
        message(admin, id, account, { status, errorCode, at });
      await out(s, sms, 'delivered');
      await out(s, sms, 'delivered', 'retried-once'); // Not a failure: its code is not listed
      await out(s, sms, 'queued');
      await out(s, sms, 'failed', '30007');
      await out(s, sms, 'failed', '30007');
      await out(s, sms, 'bounced');
      await out(s, sms, 'failed', '30008', '2026-05-20T12:00:00Z'); // Before the range
      await message(admin, s, sms, { direction: 'inbound', at: '2026-06-02T12:00:00Z' });
      for (let i = 0; i < 3; i++) await out(w, whatsapp, 'read');
      await out(w, whatsapp, 'failed', '131026');
      const theirs = await conversation(other, otherSms, '2026-06-01T12:00:00Z');
      await message(other, theirs, otherSms, { status: 'failed', errorCode: '30007', at: '2026-06-02T12:00:00Z' });
    });

    it('reports failed and bounced outbound messages by channel and error code', async () => {
      const res = await get('delivery?from=2026-06-01&to=2026-07-01');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        timezone: 'America/New_York',
        from: '2026-06-01T04:00:00.000Z',
        to: '2026-07-01T04:00:00.000Z',
        byChannel: [
          {
            channel: 'sms',
            sent: 6,
            failed: 3,
            failureRate: 0.5,
            errors: [
              { code: '30007', count: 2 },
              { code: null, count: 1 },
            ],
          },
          { channel: 'whatsapp', sent: 4, failed: 1, failureRate: 0.25, errors: [{ code: '131026', count: 1 }] },
        ],
      });
      expect((await get('delivery?from=2026-06-01&to=2026-07-01', other.token)).body.byChannel).toEqual([
        { channel: 'sms', sent: 1, failed: 1, failureRate: 1, errors: [{ code: '30007', count: 1 }] },
      ]);
      expect((await get('delivery?from=2025-06-01&to=2025-07-01')).body.byChannel).toEqual([]);
    });
  });

  it('documents every report in the OpenAPI document', async () => {
    const paths = Object.keys((await t.request('GET', '/api/docs-json')).body.paths);
    for (const report of ['knowledge-gaps', 'conversations', 'assistant', 'drafts', 'delivery']) expect(paths).toContain(`/api/v1/reports/${report}`);
  });

  it('serves each report from an index on its workspace and time range', async () => {
    // The planner prefers a sequential scan on tiny tables; with it off, a missing index would still show one.
    const em = t.orm.em.fork();
    await em.transactional(async (tx) => {
      const conn = tx.getConnection();
      await conn.execute('set local enable_seqscan = off', [], 'run', tx.getTransactionContext());
      const plan = async (query: string, params: unknown[]) =>
        ((await conn.execute(`explain ${query}`, params, 'all', tx.getTransactionContext())) as { 'QUERY PLAN': string }[])
          .map((r) => r['QUERY PLAN'])
          .join('\n');
      const w = admin.user.workspaceId;
      const from = new Date('2026-01-01T00:00:00Z');
      const to = new Date('2026-02-01T00:00:00Z');
      expect(
        await plan('select channel, count(*) from conversation where workspace_id = ? and created_at >= ? and created_at < ? group by 1', [w, from, to]),
      ).toContain('conversation_created_idx');
      expect(
        await plan("select count(*) from timeline_event where workspace_id = ? and type = 'escalated' and created_at >= ? and created_at < ?", [w, from, to]),
      ).toContain('timeline_event_report_idx');
      expect(
        await plan("select count(*) from timeline_event where workspace_id = ? and type = 'status.changed' and created_at >= ? and created_at < ?", [
          w,
          from,
          to,
        ]),
      ).toContain('timeline_event_report_idx');
      expect(
        await plan("select count(*) from message where workspace_id = ? and direction = 'outbound' and created_at >= ? and created_at < ?", [w, from, to]),
      ).toContain('message_outbound_created_idx');
      // On an almost empty table the planner takes (workspace_id, status, created_at) for drafts instead; with volume it takes this one.
      const indexes = (await conn.execute("select indexname from pg_indexes where tablename = 'draft'", [], 'all', tx.getTransactionContext())) as {
        indexname: string;
      }[];
      expect(indexes.map((i) => i.indexname)).toContain('draft_created_idx');
    });
  });
});

import { createChannelAccount, createTestApp, insertConversation, signupWorkspace, type TestApp } from './harness';

/** Seed 002's timeline: touchpoints logged from outside Parley (LinkedIn, opportunity stages, sequence enrolments). */
describe('logged activities', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signupWorkspace>>;
  let other: Awaited<ReturnType<typeof signupWorkspace>>;
  let conversationId: string;

  const count = async (sql: string, params: unknown[] = []) => Number((await t.orm.em.getConnection().execute(sql, params))[0].n);
  const log = (body: unknown, token = admin.token, id = conversationId) => t.request('POST', `/api/v1/conversations/${id}/activities`, { token, body });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signupWorkspace(t, 'Sales');
    other = await signupWorkspace(t, 'Rival');
    const account = await createChannelAccount(t, admin.token, 'sms');
    conversationId = (
      await insertConversation(t, {
        workspaceId: admin.user.workspaceId,
        channelAccountId: account.id,
        channel: 'sms',
        contact: { name: 'Lena Lead', phone: '+15550303030' },
        messages: [{ direction: 'inbound', body: 'Interested in a quote' }],
      })
    ).id;
  });
  afterAll(() => t.close());

  it('logs an opportunity stage change and a sequence enrolment, shown in the timeline and announced', async () => {
    const stage = await log({
      type: 'opportunity',
      kind: 'stage_changed',
      opportunity: 'Boiler replacement',
      previousStage: 'Qualified',
      stage: 'Proposal sent',
      body: 'Quote emailed',
      occurredAt: '2026-11-20T10:00:00Z',
    });
    expect(stage.status).toBe(201);
    expect(stage.body).toMatchObject({
      conversationId,
      type: 'opportunity.stage_changed',
      actor: { kind: 'operator', id: admin.user.id },
      data: {
        type: 'opportunity',
        kind: 'stage_changed',
        opportunity: 'Boiler replacement',
        previousStage: 'Qualified',
        stage: 'Proposal sent',
        body: 'Quote emailed',
        occurredAt: '2026-11-20T10:00:00.000Z',
      },
    });
    const enrolled = await log({ type: 'sequence', kind: 'enrolled', sequence: 'Winter check-up' });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toMatchObject({ type: 'sequence.enrolled', data: { type: 'sequence', kind: 'enrolled', sequence: 'Winter check-up' } });
    expect(Date.parse(enrolled.body.data.occurredAt)).toBeGreaterThan(Date.now() - 60_000);

    const timeline = (await t.request('GET', `/api/v1/conversations/${conversationId}/timeline`, { token: admin.token })).body.items;
    expect(timeline.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([stage.body.id, enrolled.body.id]));
    expect(timeline.find((e: { id: string }) => e.id === stage.body.id)).toEqual(stage.body);
    const announced = await t.orm.em
      .getConnection()
      .execute(`select payload from outbox where queue = 'events' and name = 'timeline.created' and payload->'data'->>'id' in (?, ?)`, [
        stage.body.id,
        enrolled.body.id,
      ]);
    expect(announced.map((r: { payload: { data: unknown } }) => r.payload.data)).toEqual(expect.arrayContaining([stage.body, enrolled.body]));
  });

  it('keeps logging LinkedIn touchpoints as before', async () => {
    const res = await log({ type: 'linkedin', kind: 'comment', body: 'Liked the case study' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'activity.logged', data: { type: 'linkedin', kind: 'comment', body: 'Liked the case study' } });
  });

  it('rejects what does not fit the type, naming the field, and writes nothing', async () => {
    const before = await count('select count(*) as n from timeline_event where conversation_id = ?', [conversationId]);
    const cases: [unknown, string][] = [
      [{ type: 'opportunity', kind: 'stage_changed' }, 'stage'],
      [{ type: 'opportunity', kind: 'enrolled', stage: 'Won' }, 'kind'],
      [{ type: 'opportunity', kind: 'stage_changed', stage: '' }, 'stage'],
      [{ type: 'sequence', kind: 'enrolled' }, 'sequence'],
      [{ type: 'sequence', kind: 'stage_changed', sequence: 'Winter' }, 'kind'],
      [{ type: 'linkedin', kind: 'message', stage: 'Won' }, 'stage'],
      [{ type: 'linkedin', kind: 'message', sequence: 'Winter' }, 'sequence'],
      [{ type: 'sequence', kind: 'enrolled', sequence: 'Winter', previousStage: 'Lead' }, 'previousStage'],
      [{ type: 'crm', kind: 'stage_changed', stage: 'Won' }, 'type'],
      [{ type: 'opportunity', kind: 'stage_changed', stage: 'Won', occurredAt: 'yesterday' }, 'occurredAt'],
    ];
    for (const [body, field] of cases) {
      const res = await log(body);
      expect({ body, status: res.status, fields: (res.body.details ?? []).map((d: { field: string }) => d.field) }).toEqual({
        body,
        status: 400,
        fields: expect.arrayContaining([field]),
      });
    }
    expect(await count('select count(*) as n from timeline_event where conversation_id = ?', [conversationId])).toBe(before);
  });

  it("answers 404 for another workspace's conversation and records nothing", async () => {
    const before = await count('select count(*) as n from timeline_event where conversation_id = ?', [conversationId]);
    for (const body of [
      { type: 'opportunity', kind: 'stage_changed', stage: 'Won' },
      { type: 'sequence', kind: 'enrolled', sequence: 'Winter check-up' },
    ]) {
      expect((await log(body, other.token)).status).toBe(404);
    }
    expect(await count('select count(*) as n from timeline_event where conversation_id = ?', [conversationId])).toBe(before);
  });
});

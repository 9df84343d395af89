import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { EventBus, OutboxRelay } from '@parley/core/testing';
import { createChannelAccount, createTestApp, insertConversation, PrivateRedis, signupWorkspace, waitFor, type TestApp } from './harness';

/** The relay's job id suffix: row id and creation time (ids repeat when a database is emptied). */
const JOB_KEY = `id || '@' || (extract(epoch from created_at) * 1000000)::bigint`;

/** Writes never depend on Redis: the outbox keeps them and drains when Redis returns. */
describe('transactional outbox', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signupWorkspace>>;
  let conversationId: string;

  const pending = async () => Number((await t.orm.em.getConnection().execute('select count(*) as n from outbox where dispatched_at is null'))[0].n);
  const until = (check: () => Promise<boolean>, ms = 20_000) =>
    waitFor(check, (ok) => ok, ms).then((ok) => {
      if (!ok) throw new Error('condition not met in time');
    });

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    t = await createTestApp({ REDIS_URL: redis.url });
    admin = await signupWorkspace(t, 'Outbox');
    const sms = await createChannelAccount(t, admin.token, 'sms');
    conversationId = (
      await insertConversation(t, {
        workspaceId: admin.user.workspaceId,
        channelAccountId: sms.id,
        channel: 'sms',
        contact: { name: 'Kim', phone: '+15550190001' },
        messages: [{ direction: 'inbound', body: 'hi' }],
      })
    ).id;
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  it('rests while nothing is committed (its own commits do not wake it)', async () => {
    const relay = t.app.get(OutboxRelay);
    const spy = jest.spyOn(relay, 'relayOnce');
    try {
      await new Promise((r) => setTimeout(r, 1000));
      // Polling every second gives one or two; a relay woken by its own commits spins hundreds of times.
      expect(spy.mock.calls.length).toBeLessThan(5);
    } finally {
      spy.mockRestore();
    }
  });

  it("relays committed rows to BullMQ under their work's own job id (a send: its message's), so the reconciler can look it up", async () => {
    const res = await t.request('POST', `/api/v1/conversations/${conversationId}/messages`, { token: admin.token, body: { body: 'Reply while Redis is up' } });
    expect(res.status).toBe(201);
    await until(async () => (await pending()) === 0);
    const [row] = await t.orm.em.getConnection().execute(`select job_id from outbox where queue = 'delivery' and payload->>'messageId' = ?`, [res.body.id]);
    expect(row.job_id).toBe(`send-${res.body.id}`);
    const delivery = t.app.get<Queue>(getQueueToken('delivery'));
    const job = await delivery.getJob(`send-${res.body.id}`);
    expect(job?.data).toEqual({ messageId: res.body.id, workspaceId: admin.user.workspaceId });
  });

  it("dispatches a transaction's rows right after its commit, without a relay pass, under the relay's dedupe ids", async () => {
    const relay = t.app.get(OutboxRelay);
    // The relay's poll is held off: whatever leaves now left through the committing request.
    const poll = jest.spyOn(relay, 'relayOnce').mockResolvedValue(0);
    try {
      const res = await t.request('POST', `/api/v1/conversations/${conversationId}/notes`, { token: admin.token, body: { body: 'Sent on commit' } });
      expect(res.status).toBe(201);
      await until(async () => (await pending()) === 0, 5_000);
      const rows: { key: string; name: string }[] = await t.orm.em
        .getConnection()
        .execute(`select ${JOB_KEY} as key, name from outbox where queue = 'events' and payload->'data'->>'id' = ?`, [res.body.id]);
      expect(rows.map((r) => r.name)).toEqual(['note.created']);
      const replay = await t.app.get(EventBus).replay(admin.user.workspaceId, '0-0');
      if (replay.resync) throw new Error('unexpected resync');
      const notes = replay.events.filter((e) => e.type === 'note.created' && (e.data as { id?: string }).id === res.body.id);
      expect(notes).toHaveLength(1);
      // The bus remembers the row under the id the relay computes in SQL: a relay pass repeats nothing.
      poll.mockRestore();
      await t.orm.em.getConnection().execute(
        `update outbox set dispatched_at = null where queue = 'events' and ${JOB_KEY} in (${rows.map(() => '?').join(', ')})`,
        rows.map((r) => r.key),
      );
      expect(await relay.relayOnce()).toBe(rows.length);
      const again = await t.app.get(EventBus).replay(admin.user.workspaceId, '0-0');
      if (again.resync) throw new Error('unexpected resync');
      expect(again.events).toHaveLength(replay.events.length);
    } finally {
      poll.mockRestore();
    }
  });

  it('re-relaying a row (a crash after enqueue, before commit) does not enqueue it twice', async () => {
    const delivery = t.app.get<Queue>(getQueueToken('delivery'));
    // The delivery worker moves jobs between states meanwhile; the number of jobs is what must not grow.
    const total = async () =>
      Object.values(await delivery.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized', 'waiting-children')).reduce(
        (a, b) => a + b,
        0,
      );
    const before = await total();
    await t.orm.em.getConnection().execute("update outbox set dispatched_at = null where queue = 'delivery'");
    await until(async () => (await pending()) === 0);
    expect(await total()).toBe(before);
  });

  it('accepts writes while Redis is down and drains the outbox when it returns', async () => {
    await redis.stop();
    const replies: string[] = [];
    for (const body of ['first while down', 'second while down']) {
      const res = await t.request('POST', `/api/v1/conversations/${conversationId}/messages`, { token: admin.token, body: { body } });
      expect(res.status).toBe(201);
      replies.push(res.body.id);
    }
    expect(
      (await t.request('POST', `/api/v1/conversations/${conversationId}/escalate`, { token: admin.token, body: { reason: 'needs a human' } })).status,
    ).toBe(200);
    expect((await t.request('GET', '/health/ready')).status).toBe(503);
    await new Promise((r) => setTimeout(r, 500));
    expect(await pending()).toBeGreaterThanOrEqual(4);
    const metrics = await t.request('GET', '/metrics');
    expect(metrics.body).toMatch(/parley_outbox_pending [1-9]/);

    await redis.start();
    t.app.get(OutboxRelay).kick();
    await until(async () => (await pending()) === 0, 30_000);
    const delivery = t.app.get<Queue>(getQueueToken('delivery'));
    const rows: { message_id: string }[] = await t.orm.em
      .getConnection()
      .execute(`select payload->>'messageId' as message_id from outbox where queue = 'delivery' and payload->>'messageId' in (?, ?)`, replies);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect((await delivery.getJob(`send-${row.message_id}`))?.data.messageId).toBe(row.message_id);
    await until(async () => (await t.request('GET', '/health/ready')).status === 200);
  });
});

import twilio from 'twilio';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { WorkReconciler } from '@parley/core/testing';
import { createTestApp, PrivateRedis, TwilioApiDouble, waitFor, type TestApp, smsDesk, DESK_ARTICLES } from './harness';

const AUTH_TOKEN = 'lost-jobs-auth-token-0123456789ab';
const LINE = '+15550006666';
const CLIENTS = 8;
const MESSAGES = 240;
const SENDERS = 120;
const RATE_PER_SECOND = 80;

/**
 * Fault test: Redis loses its data (FLUSHALL) in the middle of a burst of signed inbound SMS with the
 * assistant answering by itself. The jobs it held (debounced assistant turns, sends) are gone; the
 * reconciler finds the work PostgreSQL still owes and enqueues it again, once.
 */
describe('Work that Redis lost', () => {
  let redis: PrivateRedis;
  let control: Redis;
  let double: TwilioApiDouble;
  let t: TestApp;
  let admin: { token: string };
  let account: { id: string; webhookUrl: string };
  const warnings: string[] = [];

  const one = async (text: string, params: unknown[] = []) => Number((await t.orm.em.getConnection().execute(text, params))[0].n);
  const owedTurns = `select count(*) as n from conversation c where c.status = 'ai_handling' and exists (
      select 1 from message m where m.conversation_id = c.id and m.direction = 'inbound' and m.created_at > coalesce(c.assistant_cursor_at, '-infinity')
        and m.created_at > coalesce((select max(o.created_at) from message o where o.conversation_id = c.id and o.direction = 'outbound'), '-infinity'))`;
  const queuedSends = "select count(*) as n from message where direction = 'outbound' and delivery_status = 'queued'";

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    control = new Redis(redis.url);
    double = await new TwilioApiDouble(`AC${'a7'.repeat(16)}`, AUTH_TOKEN).start();
    t = await createTestApp({ REDIS_URL: redis.url, ASSISTANT_DEBOUNCE_MS: '300', RECONCILE_AFTER_MS: '3000' });
    const original = Logger.prototype.warn;
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(function (this: Logger, message: unknown, ...rest: unknown[]) {
      warnings.push(String(message));
      return original.call(this, message, ...(rest as [string]));
    });
    const desk = await smsDesk(t, double, { authToken: AUTH_TOKEN, fromNumber: LINE, level: 'full', name: 'Lost jobs', articles: [DESK_ARTICLES[1]] });
    admin = desk.admin;
    account = { id: desk.accountId, webhookUrl: desk.webhookUrl };
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
    control.disconnect();
    await double.stop();
    await redis.stop();
  });

  // Before the flush every sender writes; after it only the first half do, so the other half's last
  // messages (and the turns and replies they owe) were all in Redis's hands when it lost them.
  const sender = (i: number) => (i < SENDERS ? i : (i - SENDERS) % (SENDERS / 2));

  async function text(i: number): Promise<number> {
    const params = {
      MessageSid: `SM${(0xa000000 + i).toString(16).padStart(32, '0')}`,
      AccountSid: double.accountSid,
      From: `+1555700${sender(i).toString().padStart(4, '0')}`,
      To: LINE,
      Body: i % 2 === 0 ? 'What are your opening hours?' : `Message ${i}`,
      NumMedia: '0',
    };
    const res = await t.app.inject({
      method: 'POST',
      url: `/webhooks/twilio-sms/${account.id}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, account.webhookUrl, params),
      },
      payload: new URLSearchParams(params).toString(),
    });
    return res.statusCode;
  }

  it('enqueues again the sends and assistant turns a FLUSHALL lost mid-burst; every conversation is answered, every reply sent once', async () => {
    const started = Date.now();
    let next = 0;
    const statuses: number[] = [];
    const client = async () => {
      for (let i = next++; i < MESSAGES; i = next++) {
        const due = started + (i * 1000) / RATE_PER_SECOND;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        statuses.push(await text(i));
      }
    };
    const burst = Promise.all(Array.from({ length: CLIENTS }, client));
    // Once the first half is in (every sender has written once): their turns and replies are in Redis.
    await waitFor(
      async () => statuses.length,
      (n) => n >= SENDERS,
      30_000,
    );
    expect(await control.flushall()).toBe('OK');
    const flushedAt = Date.now();
    await burst;
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(await one("select count(*) as n from message where direction = 'inbound'")).toBe(MESSAGES);

    // Without the reconciler the lost turns and sends stay owed for good.
    await waitFor(
      () => one(owedTurns),
      (n) => n === 0,
      60_000,
    );
    await waitFor(
      () => one(queuedSends),
      (n) => n === 0,
      60_000,
    );
    expect(await one(owedTurns)).toBe(0);
    expect(await one(queuedSends)).toBe(0);
    const settledIn = Date.now() - flushedAt;

    // The flush really lost work, and the reconciler is what brought it back.
    const recovered = warnings
      .map((w) => /Redis had lost (\d+) send\(s\) and (\d+) assistant turn\(s\)/.exec(w))
      .filter((m): m is RegExpExecArray => m !== null)
      .reduce((sum, m) => ({ sends: sum.sends + Number(m[1]), turns: sum.turns + Number(m[2]) }), { sends: 0, turns: 0 });
    expect(recovered.sends + recovered.turns).toBeGreaterThan(0);

    // Each reply reached the provider once: one POST per sent message, no two with the same message.
    const sent = await one("select count(*) as n from message where direction = 'outbound' and delivery_status = 'sent'");
    expect(await one("select count(*) as n from message where direction = 'outbound' and delivery_status <> 'sent'")).toBe(0);
    expect(sent).toBeGreaterThan(0);
    expect(double.sent).toHaveLength(sent);
    // Every conversation got exactly one decision for its last message (no turn ran twice for it).
    const doubled = await one(
      `select count(*) as n from (select t.data->>'answered' as answered from timeline_event t where t.type = 'ai.decision' group by 1 having count(*) > 1) d`,
    );
    expect(doubled).toBe(0);
    process.stdout.write(
      `lost jobs: ${MESSAGES} inbound, FLUSHALL after ${SENDERS}; reconciler re-enqueued ${recovered.sends} send(s) and ${recovered.turns} turn(s); all settled ${(settledIn / 1000).toFixed(1)} s after the flush; ${sent} replies, ${double.sent.length} provider POSTs\n`,
    );
  }, 150_000);

  it('leaves a job BullMQ still has alone, and two passes at once enqueue a lost send once', async () => {
    const reconciler = t.app.get(WorkReconciler);
    const delivery = t.app.get<Queue>(getQueueToken('delivery'));
    expect(await text(MESSAGES)).toBe(200);
    const conversation = (await t.request('GET', '/api/v1/conversations?limit=1', { token: admin.token })).body.items[0] as { id: string };
    const rows = () => one('select count(*) as n from outbox where job_id = ?', [`send-${reply.body.id}`]);
    const relayed = () =>
      waitFor(
        () => one('select count(*) as n from outbox where dispatched_at is null'),
        (n) => n === 0,
      );

    // Older than RECONCILE_AFTER_MS and still queued, but its job is waiting in BullMQ (the queue is paused).
    await delivery.pause();
    const reply = await t.request('POST', `/api/v1/conversations/${conversation.id}/messages`, {
      token: admin.token,
      body: { body: 'Following up on your question.' },
    });
    expect(reply.status).toBe(201);
    await relayed();
    await t.orm.em.getConnection().execute(`update message set created_at = created_at - interval '10 seconds' where id = ?`, [reply.body.id]);
    expect(await delivery.getJobState(`send-${reply.body.id}`)).toBe('waiting');
    expect((await Promise.all([reconciler.reconcileOnce(), reconciler.reconcileOnce()])).map((r) => r.sends)).toEqual([0, 0]);
    expect(await rows()).toBe(1);

    // Redis loses it (the flush also drops the pause). Three passes at once: one enqueues it again, under the same job id.
    const before = double.sent.length;
    expect(await control.flushall()).toBe('OK');
    const passes = await Promise.all([reconciler.reconcileOnce(), reconciler.reconcileOnce(), reconciler.reconcileOnce()]);
    expect(passes.reduce((n, p) => n + p.sends, 0)).toBeLessThanOrEqual(1);
    expect(await waitFor(rows, (n) => n === 2, 10_000)).toBe(2);
    expect(
      await waitFor(
        () => one("select count(*) as n from message where id = ? and delivery_status = 'sent'", [reply.body.id]),
        (n) => n === 1,
      ),
    ).toBe(1);
    expect((await Promise.all([reconciler.reconcileOnce(), reconciler.reconcileOnce()])).map((r) => r.sends)).toEqual([0, 0]);
    await new Promise((r) => setTimeout(r, 500));
    // (The assistant may answer the inbound message meanwhile: only this reply's POSTs count.)
    expect(double.sent.slice(before).filter((s) => s['Body'] === 'Following up on your question.')).toHaveLength(1);
    expect(await rows()).toBe(2);
  });
});

import twilio from 'twilio';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createTestApp, PrivateRedis, TwilioApiDouble, waitFor, type TestApp, smsDesk, DESK_ARTICLES } from './harness';

const AUTH_TOKEN = 'outage-auth-token-0123456789abcdef';
const CLIENTS = 16;
const RATE_PER_SECOND = 100;
const BURST_MS = 8_000;
const KILL_AT_MS = 2_000;
const DOWN_FOR_MS = 5_000;

/**
 * Fault test: Redis is killed (SIGKILL) under a burst of signed inbound SMS with the assistant on, and
 * restarted while the burst goes on. Webhooks keep committing (the outbox holds the work), health says
 * Redis is down, errors are logged at a bounded rate, and once Redis is back everything drains by itself.
 */
describe('A Redis outage under load', () => {
  let redis: PrivateRedis;
  let double: TwilioApiDouble;
  let t: TestApp;
  let base: string;
  let account: { id: string; webhookUrl: string };

  const one = async (text: string, params: unknown[] = []) => Number((await t.orm.em.getConnection().execute(text, params))[0].n);
  const timed = async (url: string, init: RequestInit = {}) => {
    const started = performance.now();
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
      return { status: res.status, text: await res.text(), ms: performance.now() - started, at: Date.now() };
    } catch (err) {
      return { status: 0, text: (err as Error).message, ms: performance.now() - started, at: Date.now() };
    }
  };

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    double = new TwilioApiDouble(`AC${'f3'.repeat(16)}`, AUTH_TOKEN);
    await double.start();
    t = await createTestApp({ REDIS_URL: redis.url, ASSISTANT_DEBOUNCE_MS: '300' });
    await t.app.listen(0, '127.0.0.1');
    base = await t.app.getUrl();
    base = base.replace('[::1]', '127.0.0.1');
    const desk = await smsDesk(t, double, { authToken: AUTH_TOKEN, fromNumber: '+15550007777', level: 'full', name: 'Outage', articles: [DESK_ARTICLES[1]] });
    account = { id: desk.accountId, webhookUrl: desk.webhookUrl };
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
    await double.stop();
    await redis.stop();
  });

  it('keeps committing webhooks, says Redis is down, logs at a bounded rate, and drains by itself once Redis is back', async () => {
    let logLines = 0;
    const count = () => void logLines++;
    for (const method of ['warn', 'error'] as const) jest.spyOn(Logger.prototype, method).mockImplementation(count);
    jest.spyOn(console, 'error').mockImplementation(count);
    jest.spyOn(console, 'warn').mockImplementation(count);

    const started = Date.now();
    let n = 0;
    const results: { status: number; ms: number; at: number }[] = [];
    const sender = async () => {
      for (;;) {
        const i = n++;
        const due = started + (i * 1000) / RATE_PER_SECOND;
        if (due - started >= BURST_MS) return;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        const params = {
          MessageSid: `SM${i.toString(16).padStart(32, '0')}`,
          AccountSid: double.accountSid,
          From: `+1555800${(i % 500).toString().padStart(4, '0')}`,
          To: '+15550007777',
          Body: i % 3 === 0 ? 'What are your opening hours?' : `Message ${i}`,
          NumMedia: '0',
        };
        const res = await timed(`${base}/webhooks/twilio-sms/${account.id}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, account.webhookUrl, params),
          },
          body: new URLSearchParams(params).toString(),
        });
        results.push(res);
      }
    };
    const burst = Promise.all(Array.from({ length: CLIENTS }, sender));

    await new Promise((r) => setTimeout(r, KILL_AT_MS));
    await redis.stop();
    const killedAt = Date.now();
    const inboundAtKill = await one("select count(*) as n from message where direction = 'inbound'");
    const logsAtKill = logLines;

    // While Redis is down: /health answers at once, /health/ready names Redis.
    await new Promise((r) => setTimeout(r, 1_500));
    const alive = await timed(`${base}/health`);
    const ready = await timed(`${base}/health/ready`);
    expect(alive).toMatchObject({ status: 200 });
    // Bounds far above normal (a few ms), far below the defect's (never): it answers without waiting for Redis.
    expect(alive.ms).toBeLessThan(2_000);
    expect(ready.status).toBe(503);
    expect(ready.text).toMatch(/redis is down/i);
    expect(ready.ms).toBeLessThan(2_500);

    await new Promise((r) => setTimeout(r, DOWN_FOR_MS - (Date.now() - killedAt)));
    const logsDuringOutage = logLines - logsAtKill;
    const inboundDuringOutage = (await one("select count(*) as n from message where direction = 'inbound'")) - inboundAtKill;
    await redis.start();
    const restartedAt = Date.now();
    const probe = new Redis(redis.url);
    const ourClients = async () =>
      String(await probe.client('LIST'))
        .trim()
        .split('\n').length - 1;
    const reconnected = waitFor(ourClients, (c) => c > 0, 10_000).then((c) => ({ clients: c, ms: Date.now() - restartedAt }));
    await burst;

    // Every webhook was acknowledged, each after its message was committed.
    expect(results).toHaveLength(n > 0 ? results.length : 0);
    const failedWebhooks = results.filter((r) => r.status !== 200);
    expect(failedWebhooks).toEqual([]);
    const sent = results.length;
    expect(await one("select count(*) as n from message where direction = 'inbound'")).toBe(sent);
    // Webhooks kept committing while Redis was down (the defect stopped them about a second after the kill).
    expect(inboundDuringOutage).toBeGreaterThan(50);

    // Back: the process reconnects, the outbox drains, every conversation gets its assistant turn and every reply is sent once.
    const { clients, ms: reconnectedIn } = await reconnected;
    expect(clients).toBeGreaterThan(0);
    await waitFor(
      () => one('select count(*) as n from outbox where dispatched_at is null'),
      (c) => c === 0,
      30_000,
    );
    const relayedIn = Date.now() - restartedAt;
    const owed = `select count(*) as n from conversation c where c.status = 'ai_handling' and exists (
        select 1 from message m where m.conversation_id = c.id and m.direction = 'inbound' and m.created_at > coalesce(c.assistant_cursor_at, '-infinity')
          and m.created_at > coalesce((select max(o.created_at) from message o where o.conversation_id = c.id and o.direction = 'outbound'), '-infinity'))`;
    await waitFor(
      () => one(owed),
      (c) => c === 0,
      45_000,
    );
    await waitFor(
      () => one("select count(*) as n from message where direction = 'outbound' and delivery_status = 'queued'"),
      (c) => c === 0,
      30_000,
    );
    const doneIn = Date.now() - restartedAt;
    const replies = await one("select count(*) as n from message where direction = 'outbound' and delivery_status = 'sent'");
    expect(replies).toBeGreaterThan(0);
    expect(double.sent.length).toBe(replies);

    // Bounded logging while Redis was down (the defect wrote gigabytes), and no busy loop once it is back.
    expect(logsDuringOutage).toBeLessThan(100);
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    await new Promise((r) => setTimeout(r, 2_000));
    const cpu = process.cpuUsage(cpuBefore);
    const cpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore);
    expect(cpuShare).toBeLessThan(0.5);
    probe.disconnect();
    process.stdout.write(
      `redis outage: ${sent} webhooks, ${inboundDuringOutage} committed while Redis was down (max ${Math.round(Math.max(...results.map((r) => r.ms)))} ms), ${logsDuringOutage} log lines in ${DOWN_FOR_MS} ms down, ${replies} replies sent, idle CPU ${(cpuShare * 100).toFixed(1)}%, after restart: reconnected in ${reconnectedIn} ms, outbox relayed in ${relayedIn} ms, all work done in ${doneIn} ms\n`,
    );
  }, 180_000);
});

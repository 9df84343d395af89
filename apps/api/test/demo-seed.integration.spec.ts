import { DemoSeeder, DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '@parley/core';
import { WorkReconciler } from '@parley/core/testing';
import { createTransport } from 'nodemailer';
import { createTestApp, freePort, type TestApp } from './harness';

describe('demo seed', () => {
  let t: TestApp;
  let smtpPort: number;
  beforeAll(async () => {
    smtpPort = await freePort();
    // As `npm start` runs it: the SMTP listener is up before the demo is seeded.
    t = await createTestApp({ LISTENERS: 'on', SMTP_PORT: String(smtpPort) });
  });
  afterAll(() => t.close());

  const counts = async () =>
    (
      await t.orm.em.getConnection().execute(
        `select (select count(*) from workspace) as w, (select count(*) from app_user) as u, (select count(*) from conversation) as c,
              (select count(*) from message) as m, (select count(*) from timeline_event) as e, (select count(*) from note) as n`,
      )
    )[0];

  it('creates "Acme Home Services" once: a second run changes nothing', async () => {
    const seeder = t.app.get(DemoSeeder);
    const steps: string[] = [];
    const first = await seeder.seed((step) => steps.push(step));
    expect(first.created).toBe(true);
    expect(steps.length).toBeGreaterThan(5);
    const after = await counts();
    const second = await seeder.seed();
    expect(second).toEqual({ ...first, created: false });
    expect(await counts()).toEqual(after);
  });

  it('has its mailbox take mail at once on the server that seeded it (support@acme.test on SMTP_PORT)', async () => {
    await t.app.get(DemoSeeder).seed();
    const info = await createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true }).sendMail({
      from: 'Jane Doe <jane@customer.test>',
      to: 'support@acme.test',
      subject: 'Is the demo mailbox up?',
      text: 'Just checking.',
    });
    expect(info.response).toMatch(/^250/);
    const [row] = await t.orm.em.getConnection().execute(`select count(*) as n from message where subject = 'Is the demo mailbox up?'`);
    expect(Number(row.n)).toBe(1);
  });

  it('is finished work: the reconciler finds no assistant turn or send owed, so nothing is sent on its behalf', async () => {
    const reconciler = t.app.get(WorkReconciler);
    // Past any age limit: every seeded message is older than RECONCILE_AFTER_MS once time moves on.
    await t.orm.em.getConnection().execute("update message set created_at = created_at - interval '1 hour'");
    await t.orm.em
      .getConnection()
      .execute("update conversation set last_inbound_at = last_inbound_at - interval '1 hour', assistant_cursor_at = assistant_cursor_at - interval '1 hour'");
    expect(await reconciler.reconcileOnce()).toEqual({ sends: 0, turns: 0 });
  });

  it('gives the dashboard something in every status, through the API', async () => {
    const login = await t.request('POST', '/api/v1/auth/login', { body: { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD } });
    expect(login.status).toBe(200);
    const token = login.body.accessToken;
    const counts = await t.request('GET', '/api/v1/conversations/counts', { token });
    for (const status of ['ai_handling', 'human_handling', 'resolved', 'opted_out']) expect(counts.body[status]).toBeGreaterThan(0);
    expect((await t.request('GET', '/api/v1/conversations?requiresAction=true', { token })).body.items.length).toBeGreaterThan(0);
    expect((await t.request('GET', '/api/v1/conversations?archived=true', { token })).body.items.length).toBeGreaterThan(0);
    const users = await t.request('GET', '/api/v1/users', { token });
    expect(users.body.items.map((u: { role: string }) => u.role).sort()).toEqual(['admin', 'operator', 'operator']);
    const channels = await t.request('GET', '/api/v1/channel-accounts', { token });
    expect(channels.body.items.map((c: { channel: string }) => c.channel).sort()).toEqual(['email', 'sms', 'webchat', 'whatsapp']);
    const first = (await t.request('GET', '/api/v1/conversations?status=human_handling', { token })).body.items[0];
    expect((await t.request('GET', `/api/v1/conversations/${first.id}/timeline`, { token })).body.items.length).toBeGreaterThan(1);
  });
});

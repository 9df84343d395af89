import twilio from 'twilio';
import { createTestApp, PrivateRedis, signupWorkspace, TwilioApiDouble, waitFor, type TestApp } from './harness';

const AUTH_TOKEN = 'recording-auth-token-0123456789abc';

/**
 * Once a provider accepted a send, that send is never repeated automatically: failing to record the
 * provider's answer retries only the recording, and a provider id the account already used fails the message.
 */
describe('Recording a provider-accepted send', () => {
  let redis: PrivateRedis;
  let double: TwilioApiDouble;
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signupWorkspace>>;
  let account: { id: string; webhookUrl: string };
  let sid = 0;

  const sql = (text: string, params: unknown[] = []) => t.orm.em.getConnection().execute(text, params);
  const webhook = (params: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: `/webhooks/twilio-sms/${account.id}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, account.webhookUrl, params),
      },
      payload: new URLSearchParams(params).toString(),
    });
  const conversationWith = async (phone: string): Promise<string> => {
    const params = {
      MessageSid: `SM${(++sid).toString(16).padStart(32, '0')}`,
      AccountSid: double.accountSid,
      From: phone,
      To: '+15550008888',
      Body: 'hello',
      NumMedia: '0',
    };
    expect((await webhook(params)).statusCode).toBe(200);
    const res = await t.request('GET', `/api/v1/conversations?q=${encodeURIComponent(phone.slice(-7))}`, { token: admin.token });
    return res.body.items[0].id;
  };
  const reply = async (conversationId: string, body: string): Promise<string> => {
    const res = await t.request('POST', `/api/v1/conversations/${conversationId}/messages`, { token: admin.token, body: { body } });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const messageRow = async (id: string) =>
    (await sql('select delivery_status, error_code, provider_message_id, send_attempted_at from message where id = ?', [id]))[0] as {
      delivery_status: string;
      error_code: string | null;
      provider_message_id: string | null;
      send_attempted_at: Date | null;
    };
  const postsOf = (body: string) => double.sent.filter((s) => s['Body'] === body).length;
  const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    double = new TwilioApiDouble(`AC${'e2'.repeat(16)}`, AUTH_TOKEN);
    await double.start();
    t = await createTestApp({ REDIS_URL: redis.url });
    admin = await signupWorkspace(t, 'Recording');
    expect((await t.request('PUT', '/api/v1/assistant', { token: admin.token, body: { enabled: false } })).status).toBe(200);
    const res = await t.request('POST', '/api/v1/channel-accounts', {
      token: admin.token,
      body: {
        plugin: 'twilio-sms',
        name: 'Main line',
        config: { accountSid: double.accountSid, authToken: AUTH_TOKEN, fromNumber: '+15550008888', apiBaseUrl: double.url },
      },
    });
    account = res.body;
  });
  afterAll(async () => {
    await sql('drop trigger if exists message_record_fault on message');
    await sql('drop function if exists message_record_fault()');
    await sql('drop sequence if exists message_record_fault_seq');
    await t.close();
    await double.stop();
    await redis.stop();
  });
  afterEach(() => double.reset());

  it('a provider answering with an id the account already used fails the message once, without sending it again', async () => {
    double.fixedSid = 'SM' + 'ab'.repeat(16);
    const conversation = await conversationWith('+15557660001');
    const first = await reply(conversation, 'First with the same sid');
    await waitFor(
      () => messageRow(first),
      (m) => m.delivery_status === 'sent',
    );
    const second = await reply(conversation, 'Second with the same sid');
    const failed = await waitFor(
      () => messageRow(second),
      (m) => m.delivery_status === 'failed',
      40_000,
    );

    expect(failed).toMatchObject({ error_code: 'duplicate_provider_id', provider_message_id: null, send_attempted_at: null });
    // Longer than the first backoff: a retried send would have been POSTed again by now.
    await settle(2_500);
    expect(postsOf('Second with the same sid')).toBe(1);
    expect(await messageRow(first)).toMatchObject({ delivery_status: 'sent', provider_message_id: double.fixedSid });
    const dead = await t.request('GET', '/api/v1/dead-letters', { token: admin.token });
    expect(dead.body.items.some((i: { messageId: string }) => i.messageId === second)).toBe(true);
  });

  it('a database error while recording the answer retries only the recording: sent once, recorded with the provider id', async () => {
    // Real PostgreSQL refusing the first four recordings (a sequence, so the count survives the rollbacks):
    // more than one job attempt's in-process tries, so the job's own retry must record, not send.
    await sql('create sequence message_record_fault_seq');
    await sql(`create function message_record_fault() returns trigger language plpgsql as $$
      begin
        if new.body = 'Recording fault' and new.provider_message_id is not null and old.provider_message_id is null and nextval('message_record_fault_seq') <= 4 then
          raise exception 'injected recording fault';
        end if;
        return new;
      end $$`);
    await sql('create trigger message_record_fault before update on message for each row execute function message_record_fault()');

    const conversation = await conversationWith('+15557660002');
    const id = await reply(conversation, 'Recording fault');
    const sent = await waitFor(
      () => messageRow(id),
      (m) => m.delivery_status === 'sent',
      40_000,
    );
    const [{ last_value }] = await sql('select last_value from message_record_fault_seq');
    expect(Number(last_value)).toBe(5);

    expect(postsOf('Recording fault')).toBe(1);
    expect(sent.provider_message_id).toMatch(/^SM[0-9a-f]{32}$/);
    expect(sent.send_attempted_at).toBeNull();
    await settle(1_500);
    expect(postsOf('Recording fault')).toBe(1);
  });
});

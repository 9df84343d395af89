import { Injectable, Module } from '@nestjs/common';
import { IsEmail } from 'class-validator';
import { ChannelProvider, type ChannelPlugin, type InboundMessageEvent, type OutboundMessage } from '@parley/plugin-sdk';
import { ENABLED_PLUGINS } from '@parley/enabled-plugins';
import { createTestApp, signupWorkspace, waitFor, type TestApp } from '@parley/testing';
import { IngestService } from '@parley/core/testing';

/** What a mail channel is handed to send: the thread to answer, the sender's name, whether the assistant sent it alone. */
const sent: OutboundMessage[] = [];

class RecordingMailConfig {
  @IsEmail() address: string;
}

@ChannelProvider({ id: 'recording-mail' })
@Injectable()
class RecordingMail implements ChannelPlugin<RecordingMailConfig> {
  readonly id = 'recording-mail';
  readonly channel = 'email' as const;
  readonly displayName = 'Recording mail';
  readonly configClass = RecordingMailConfig;
  readonly capabilities = { html: true, subject: true };
  verifyWebhook = () => false;
  parseWebhook = () => [];
  send = async (message: OutboundMessage) => {
    sent.push(message);
    return { providerMessageId: `<sent-${sent.length}@parley.test>` };
  };
}

@Module({ providers: [RecordingMail] })
class RecordingMailPlugin {}

describe('email outbound (delivery)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({}, { plugins: [...ENABLED_PLUGINS, { module: RecordingMailPlugin }] });
  });
  afterAll(() => t.close());

  it('hands the plugin the thread (reference, earlier provider ids oldest first), the subject to answer and the operator’s name', async () => {
    const admin = await signupWorkspace(t, 'Outbound mail');
    const account = await t.request('POST', '/api/v1/channel-accounts', {
      token: admin.token,
      body: { plugin: 'recording-mail', name: 'Support', config: { address: 'support@acme.test' } },
    });
    expect(account.status).toBe(201);
    const [row] = await t.orm.em.getConnection().execute('select * from channel_account where id = ?', [account.body.id]);
    const inbound = (event: Partial<InboundMessageEvent>) =>
      t.app.get(IngestService).ingest({ id: row.id, workspace: row.workspace_id, channel: row.channel, plugin: row.plugin } as never, [
        {
          kind: 'message',
          providerMessageId: '<m1@customer.test>',
          from: { address: 'dana@customer.test', name: 'Dana' },
          thread: {},
          ...event,
        } as InboundMessageEvent,
      ]);
    await inbound({ subject: 'Boiler noise', body: 'It bangs' });
    const [{ conversation_id: id }] = await t.orm.em
      .getConnection()
      .execute('select conversation_id from message where provider_message_id = ?', ['<m1@customer.test>']);
    const { reference } = (await t.request('GET', `/api/v1/conversations/${id}`, { token: admin.token })).body;

    const reply = await t.request('POST', `/api/v1/conversations/${id}/messages`, { token: admin.token, body: { body: 'A technician comes Friday.' } });
    expect(reply.status).toBe(201);
    await waitFor(
      async () => sent.length,
      (n) => n === 1,
    );
    expect(sent[0]).toMatchObject({
      to: 'dana@customer.test',
      subject: 'Boiler noise',
      senderName: admin.user.name,
      automatic: false,
      thread: { reference, previous: ['<m1@customer.test>'] },
    });

    await inbound({ providerMessageId: '<m2@customer.test>', body: 'Thanks', thread: { inReplyTo: ['<sent-1@parley.test>'] } });
    expect(
      (await t.orm.em.getConnection().execute('select conversation_id from message where provider_message_id = ?', ['<m2@customer.test>']))[0].conversation_id,
    ).toBe(id);
    await t.request('POST', `/api/v1/conversations/${id}/messages`, { token: admin.token, body: { body: 'You are welcome.' } });
    await waitFor(
      async () => sent.length,
      (n) => n === 2,
    );
    expect(sent[1].thread).toEqual({ reference, previous: ['<m1@customer.test>', '<sent-1@parley.test>', '<m2@customer.test>'] });
  });
});

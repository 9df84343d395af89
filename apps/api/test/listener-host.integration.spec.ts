import { Injectable, Module } from '@nestjs/common';
import { IsEmail } from 'class-validator';
import { ChannelProvider, type ChannelListener, type ChannelListenerHost, type ChannelPlugin } from '@parley/plugin-sdk';
import { ENABLED_PLUGINS } from '@parley/enabled-plugins';
import { createTestApp, signupWorkspace, waitFor, type TestApp } from '@parley/testing';

/** A plugin's own intake (issue 16's SMTP server and IMAP mailboxes) through the host the core lends it. */
const seen: { host?: ChannelListenerHost; started: number; stopped: number; changes: number } = { started: 0, stopped: 0, changes: 0 };

class MailboxConfig {
  @IsEmail() address: string;
}

@ChannelProvider({ id: 'test-mailbox' })
@Injectable()
class TestMailbox implements ChannelPlugin<MailboxConfig> {
  readonly id = 'test-mailbox';
  readonly channel = 'email' as const;
  readonly displayName = 'Test mailbox';
  readonly configClass = MailboxConfig;
  readonly capabilities = { subject: true };
  verifyWebhook = () => false;
  parseWebhook = () => [];
  send = async () => ({ providerMessageId: 'never' });
  listener(host: ChannelListenerHost): ChannelListener {
    seen.host = host;
    let unsubscribe = () => undefined as void;
    return {
      start: async () => {
        seen.started++;
        unsubscribe = host.onAccountsChanged('test-mailbox', () => seen.changes++);
      },
      stop: async () => {
        seen.stopped++;
        unsubscribe();
      },
    };
  }
}

@Module({ providers: [TestMailbox] })
class TestMailboxPlugin {}

describe('channel listener host', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(
      { LISTENERS: 'on', SMTP_PORT: '0' },
      { plugins: [...ENABLED_PLUGINS.filter((p) => p.module.name !== 'EmailPlugin'), { module: TestMailboxPlugin }] },
    );
  });

  it('starts the listener, lends it its plugin’s accounts, commits what it takes, shows its state and keeps its cursor', async () => {
    expect(seen.started).toBe(1);
    const host = seen.host as ChannelListenerHost;
    const admin = await signupWorkspace(t, 'Listener');
    const other = await signupWorkspace(t, 'Listener other');
    const create = (token: string, address: string) =>
      t.request('POST', '/api/v1/channel-accounts', { token, body: { plugin: 'test-mailbox', name: address, config: { address } } });
    const mine = (await create(admin.token, 'support@one.test')).body;
    await create(other.token, 'help@two.test');
    expect(seen.changes).toBeGreaterThanOrEqual(2);
    // Every workspace's accounts of this plugin (the intake routes by address before anyone signs in), and no other plugin's.
    const accounts = await host.accounts('test-mailbox');
    expect(accounts.map((a) => (a.config as MailboxConfig).address).sort()).toEqual(['help@two.test', 'support@one.test']);
    expect(await host.accounts('no-such-plugin')).toEqual([]);

    await host.ingest(mine.id, [
      {
        kind: 'message',
        providerMessageId: '<l1@customer.test>',
        from: { address: 'Ann@Customer.test', name: 'Ann' },
        subject: 'Hello',
        body: 'From the mailbox',
        thread: {},
      },
    ]);
    // Resolved means committed: the conversation is there at once, and a replay is deduped.
    const list = async () => (await t.request('GET', '/api/v1/conversations', { token: admin.token })).body.items;
    expect(await list()).toEqual([
      expect.objectContaining({ contact: expect.objectContaining({ name: 'Ann', email: 'ann@customer.test' }), lastMessagePreview: 'From the mailbox' }),
    ]);
    await host.ingest(mine.id, [
      { kind: 'message', providerMessageId: '<l1@customer.test>', from: { address: 'ann@customer.test' }, body: 'again', thread: {} },
    ]);
    expect(Number((await t.orm.em.getConnection().execute("select count(*) as n from message where provider_message_id = '<l1@customer.test>'"))[0].n)).toBe(1);
    await expect(host.ingest('01a251da-0000-7000-8000-000000000000', [])).rejects.toThrow(/unknown or inactive/);

    await host.setStatus(mine.id, { state: 'error', message: 'IMAP login refused: invalid credentials' });
    expect((await t.request('GET', `/api/v1/channel-accounts/${mine.id}`, { token: admin.token })).body.listener).toEqual({
      state: 'error',
      message: 'IMAP login refused: invalid credentials',
      updatedAt: expect.any(String),
    });
    expect(await host.getCursor(mine.id, 'INBOX')).toBeNull();
    await host.setCursor(mine.id, 'INBOX', '1700000000:42');
    await host.setCursor(mine.id, 'Archive', '1:7');
    expect(await host.getCursor(mine.id, 'INBOX')).toBe('1700000000:42');
    // Cursors are the listener's: never in the account's JSON.
    expect(JSON.stringify((await t.request('GET', `/api/v1/channel-accounts/${mine.id}`, { token: admin.token })).body)).not.toContain('1700000000');
  });

  it('stops the listener when the server stops', async () => {
    await t.close();
    await waitFor(
      async () => seen.stopped,
      (n) => n === 1,
    );
  });
});

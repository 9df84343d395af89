import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createTransport } from 'nodemailer';
import { createTestApp, freePort, signupWorkspace, waitFor, type TestApp } from './harness';

/**
 * Issue 16's done-when, over SMTP end to end: a customer's mail sent with nodemailer to the app's SMTP server
 * becomes a conversation, the operator's reply leaves through the account's SMTP server (a local smtp-server
 * standing in for it) with threading headers, and the customer's answer threads back into the conversation.
 */
describe('email over SMTP, through the real app', () => {
  let t: TestApp;
  let smtpPort: number;
  const outbox: ParsedMail[] = [];
  let relay: SMTPServer;
  let relayPort: number;

  beforeAll(async () => {
    relay = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            outbox.push(mail);
            callback();
          },
          (err: Error) => callback(err),
        );
      },
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', () => resolve()));
    relayPort = (relay.server.address() as { port: number }).port;
    smtpPort = await freePort();
    t = await createTestApp({ LISTENERS: 'on', SMTP_PORT: String(smtpPort) });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => relay.close(() => resolve()));
  });

  it('takes a mail, sends the reply with threading headers, and threads the customer’s answer back', async () => {
    const admin = await signupWorkspace(t, 'Mail desk');
    // The operator answers here; the assistant stays out of it.
    expect((await t.request('PUT', '/api/v1/assistant', { token: admin.token, body: { enabled: false } })).status).toBe(200);
    const account = await t.request('POST', '/api/v1/channel-accounts', {
      token: admin.token,
      body: {
        plugin: 'email',
        name: 'Support',
        config: { address: 'support@maildesk.test', fromName: 'Mail Desk', smtp: { host: '127.0.0.1', port: relayPort, secure: false } },
      },
    });
    expect(account.status).toBe(201);

    const customer = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    // The listener learns of the new account at once; accepted (250) means committed.
    const sent = await waitFor(
      () =>
        customer
          .sendMail({
            from: 'Dana Whitfield <dana@customer.test>',
            to: 'support@maildesk.test',
            subject: 'Boiler noise',
            text: 'The boiler bangs at night.',
            messageId: '<first.dana@customer.test>',
          })
          .then((info) => info.response)
          .catch((err: Error) => err.message),
      (response) => /^250/.test(response),
      10_000,
    );
    expect(sent).toMatch(/^250/);
    const list = (await t.request('GET', '/api/v1/conversations?channel=email', { token: admin.token })).body.items;
    expect(list).toEqual([
      expect.objectContaining({ contact: expect.objectContaining({ name: 'Dana Whitfield', email: 'dana@customer.test' }), channel: 'email' }),
    ]);
    const id = list[0].id;
    const { reference } = (await t.request('GET', `/api/v1/conversations/${id}`, { token: admin.token })).body;

    expect(
      (await t.request('POST', `/api/v1/conversations/${id}/messages`, { token: admin.token, body: { body: 'A technician comes on Friday.' } })).status,
    ).toBe(201);
    await waitFor(
      async () => outbox.length,
      (n) => n === 1,
    );
    const reply = outbox[0];
    expect(reply.to).toMatchObject({ value: [{ address: 'dana@customer.test' }] });
    expect(reply.inReplyTo).toBe('<first.dana@customer.test>');
    expect(reply.subject).toMatch(/^Re: Boiler noise/);
    expect(reply.subject).toContain(`[#${reference}]`);
    expect(reply.replyTo?.value[0].address?.toLowerCase()).toBe(`support+${reference.toLowerCase()}@maildesk.test`);
    expect(reply.text).toContain('A technician comes on Friday.');

    // Dana answers our reply: into the same conversation.
    await customer.sendMail({
      from: 'dana@customer.test',
      to: 'support@maildesk.test',
      subject: `Re: ${reply.subject}`,
      text: 'Friday works, thanks!\n\nOn Mon, Mail Desk wrote:\n> A technician comes on Friday.',
      inReplyTo: reply.messageId,
      references: [reply.messageId as string],
    });
    const messages = await waitFor(
      async () => (await t.request('GET', `/api/v1/conversations/${id}/messages`, { token: admin.token })).body.items,
      (items: { direction: string }[]) => items.filter((m) => m.direction === 'inbound').length === 2,
    );
    const answer = messages.filter((m: { direction: string }) => m.direction === 'inbound').at(-1);
    // What operators read: the answer without the quoted history.
    expect(answer.body).toContain('Friday works, thanks!');
    expect(answer.body).not.toContain('A technician comes on Friday.');
    expect((await t.request('GET', '/api/v1/conversations?channel=email', { token: admin.token })).body.items).toHaveLength(1);

    // An unknown mailbox is refused, and nothing is stored.
    await expect(customer.sendMail({ from: 'dana@customer.test', to: 'nobody@maildesk.test', subject: 'x', text: 'x' })).rejects.toThrow(/550/);
  });
});

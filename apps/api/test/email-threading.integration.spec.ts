import type { InboundMessageEvent } from '@parley/plugin-sdk';
import { IngestService } from '@parley/core/testing';
import { createChannelAccount, createTestApp, signupWorkspace, type TestApp } from './harness';

/** Email threads never split: ingest matches a mail's thread hints to its conversation, whoever in the thread wrote. */
describe('email threading (ingest)', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signupWorkspace>>;
  let account: { id: string };
  let ingest: (event: Partial<InboundMessageEvent> & { providerMessageId: string }) => Promise<void>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signupWorkspace(t, 'Mail');
    account = await createChannelAccount(t, admin.token, 'email');
    const service = t.app.get(IngestService);
    const [row] = await t.orm.em.getConnection().execute('select * from channel_account where id = ?', [account.id]);
    const entity = { id: row.id, workspace: row.workspace_id, channel: row.channel, plugin: row.plugin } as never;
    ingest = async (event) => {
      await service.ingest(entity, [{ kind: 'message', from: { address: 'dana@customer.test', name: 'Dana' }, thread: {}, ...event } as InboundMessageEvent]);
    };
  });
  afterAll(() => t.close());

  const conversationOf = async (providerMessageId: string) =>
    (await t.orm.em.getConnection().execute('select conversation_id from message where provider_message_id = ?', [providerMessageId]))[0]
      ?.conversation_id as string;
  const detail = async (id: string) => (await t.request('GET', `/api/v1/conversations/${id}`, { token: admin.token })).body;

  it('joins a reply to its thread by In-Reply-To, References (Outlook rewrites), reference token or subject tag; a new mail starts its own', async () => {
    await ingest({ providerMessageId: '<first@customer.test>', subject: 'Boiler noise', body: 'The boiler bangs at night.' });
    const first = await conversationOf('<first@customer.test>');
    await ingest({
      providerMessageId: '<second@customer.test>',
      subject: 'Re: Boiler noise',
      body: 'Still banging.',
      thread: { inReplyTo: ['<first@customer.test>'] },
    });
    expect(await conversationOf('<second@customer.test>')).toBe(first);
    // Outlook: In-Reply-To names something we never saw; References still carries the thread.
    await ingest({
      providerMessageId: '<third@customer.test>',
      body: 'Any news?',
      thread: { inReplyTo: ['<AM0PR01MB@outlook.test>'], references: ['<first@customer.test>', '<AM0PR01MB@outlook.test>'] },
    });
    expect(await conversationOf('<third@customer.test>')).toBe(first);
    const { reference } = await detail(first);
    expect(reference).toMatch(/^[0-9A-F]{12}$/);
    await ingest({ providerMessageId: '<token@customer.test>', body: 'Headers lost, plus-address kept', thread: { token: reference.toLowerCase() } });
    expect(await conversationOf('<token@customer.test>')).toBe(first);
    await ingest({ providerMessageId: '<tag@customer.test>', body: 'Only the subject tag', thread: { tag: reference } });
    expect(await conversationOf('<tag@customer.test>')).toBe(first);
    // A new mail from the same customer, no thread: a conversation of its own.
    await ingest({ providerMessageId: '<new@customer.test>', subject: 'Invoice question', body: 'Is VAT included?' });
    const second = await conversationOf('<new@customer.test>');
    expect(second).not.toBe(first);
    // A reply to our own message (its provider id is our Message-ID) lands where we sent it.
    await t.orm.em.getConnection().execute(
      `insert into message (id, workspace_id, conversation_id, channel_account_id, direction, author_kind, body, delivery_status, provider_message_id)
         values (gen_random_uuid(), ?, ?, ?, 'outbound', 'operator', 'VAT is included.', 'sent', '<ours-1@parley.test>')`,
      [admin.user.workspaceId, second, account.id],
    );
    await ingest({ providerMessageId: '<after-ours@customer.test>', body: 'Thanks!', thread: { inReplyTo: ['<ours-1@parley.test>'] } });
    expect(await conversationOf('<after-ours@customer.test>')).toBe(second);
  });

  it('keeps a colleague’s reply in the thread, a reply after resolution opens a linked conversation, and a stranger’s token matches nothing', async () => {
    await ingest({ providerMessageId: '<root@customer.test>', subject: 'Leak', body: 'Water under the sink' });
    const root = await conversationOf('<root@customer.test>');
    await ingest({
      providerMessageId: '<colleague@customer.test>',
      from: { address: 'Sam@Customer.test', name: 'Sam' },
      body: 'Adding Sam: he is home on Friday',
      thread: { inReplyTo: ['<root@customer.test>'] },
      cc: [{ address: 'Dana@Customer.test', name: 'Dana' }],
    });
    expect(await conversationOf('<colleague@customer.test>')).toBe(root);
    const messages = (await t.request('GET', `/api/v1/conversations/${root}/messages`, { token: admin.token })).body.items;
    expect(messages.at(-1)).toMatchObject({ author: { kind: 'contact', name: 'Sam' }, recipients: [{ address: 'dana@customer.test', name: 'Dana' }] });

    expect((await t.request('POST', `/api/v1/conversations/${root}/resolve`, { token: admin.token })).status).toBeLessThan(300);
    await ingest({ providerMessageId: '<late@customer.test>', body: 'It is back', thread: { inReplyTo: ['<root@customer.test>'] } });
    const reopened = await conversationOf('<late@customer.test>');
    expect(reopened).not.toBe(root);
    const timeline = (await t.request('GET', `/api/v1/conversations/${reopened}/timeline`, { token: admin.token })).body.items;
    expect(timeline[0]).toMatchObject({ type: 'conversation.created', data: { previousConversationId: root } });

    await ingest({ providerMessageId: '<forged@customer.test>', body: 'forged', thread: { token: 'not-a-reference', tag: '000000000000' } });
    expect([root, reopened]).not.toContain(await conversationOf('<forged@customer.test>'));
  });

  it('stores the parts a mail carries (inline images keep their Content-ID) and leaves out types not accepted', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    await ingest({
      providerMessageId: '<parts@customer.test>',
      html: '<p>See <img src="cid:photo-1@customer.test"></p>',
      body: 'See the photo',
      attachments: [
        { ref: 'part-1', filename: 'photo.png', contentType: 'image/png', content: png, contentId: 'photo-1@customer.test' },
        { ref: 'part-2', filename: 'run.sh', contentType: 'application/x-sh', content: Buffer.from('#!/bin/sh\nrm -rf /') },
      ],
    });
    const id = await conversationOf('<parts@customer.test>');
    const [message] = (await t.request('GET', `/api/v1/conversations/${id}/messages`, { token: admin.token })).body.items;
    expect(message.attachments).toEqual([
      expect.objectContaining({ filename: 'photo.png', contentType: 'image/png', size: png.length, contentId: 'photo-1@customer.test' }),
    ]);
    const file = await t.app.inject({ method: 'GET', url: message.attachments[0].url, headers: { authorization: `Bearer ${admin.token}` } });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(png)).toBe(true);
  });

  it('marks the message bounced on a DSN, and a hard bounce marks the address undeliverable on the contact and the timeline', async () => {
    await ingest({ providerMessageId: '<bounce-root@customer.test>', from: { address: 'gone@customer.test', name: 'Gone' }, body: 'Hi' });
    const id = await conversationOf('<bounce-root@customer.test>');
    await t.orm.em.getConnection().execute(
      `insert into message (id, workspace_id, conversation_id, channel_account_id, direction, author_kind, body, delivery_status, provider_message_id)
         values (gen_random_uuid(), ?, ?, ?, 'outbound', 'operator', 'Your quote', 'sent', '<quote-1@parley.test>')`,
      [admin.user.workspaceId, id, account.id],
    );
    const [row] = await t.orm.em.getConnection().execute('select * from channel_account where id = ?', [account.id]);
    await t.app.get(IngestService).ingest({ id: row.id, workspace: row.workspace_id, channel: row.channel, plugin: row.plugin } as never, [
      {
        kind: 'status',
        providerMessageId: '<quote-1@parley.test>',
        status: 'bounced',
        hardBounce: true,
        error: { code: '5.1.1', message: 'mailbox does not exist' },
      },
    ]);
    const messages = (await t.request('GET', `/api/v1/conversations/${id}/messages`, { token: admin.token })).body.items;
    expect(messages.at(-1)).toMatchObject({ deliveryStatus: 'bounced', error: { code: '5.1.1', message: 'mailbox does not exist' } });
    const detail = await t.request('GET', `/api/v1/conversations/${id}`, { token: admin.token });
    expect(detail.body.deliveryFailed).toBe(true);
    const contact = (await t.request('GET', `/api/v1/contacts/${detail.body.contact.id}`, { token: admin.token })).body;
    expect(contact.identities).toEqual([
      { channel: 'email', address: 'gone@customer.test', undeliverable: { at: expect.any(String), reason: 'mailbox does not exist' } },
    ]);
    const timeline = (await t.request('GET', `/api/v1/conversations/${id}/timeline`, { token: admin.token })).body.items;
    expect(timeline.at(-1)).toMatchObject({ type: 'contact.undeliverable', data: { address: 'gone@customer.test', reason: 'mailbox does not exist' } });
  });
});

import type { DeliveryStatusEvent, InboundMessageEvent } from '@parley/plugin-sdk';
import { bareMessageId, messageIdsOf, parseEmail, splitPlusAddress, type ParseContext } from './email.parser';

const ACCOUNT = 'support@acme.test';
const ctx: ParseContext = { accountAddress: ACCOUNT };

/** A mail as a client writes it: headers, a blank line, the body; CRLF line ends. */
function mime(headers: Record<string, string | undefined>, body: string): Buffer {
  const lines = Object.entries(headers)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`);
  return Buffer.from([...lines, '', body].join('\r\n').replace(/\r?\n/g, '\r\n'));
}

const base = {
  From: '"Jane Doe" <Jane.Doe@Customer.test>',
  To: 'Acme Support <support@acme.test>',
  Subject: 'Where is my order?',
  Date: 'Mon, 07 Dec 2026 10:00:00 +0000',
  'Message-ID': '<m1@customer.test>',
  'MIME-Version': '1.0',
  'Content-Type': 'text/plain; charset=utf-8',
};

async function message(raw: Buffer, context: ParseContext = ctx): Promise<InboundMessageEvent> {
  const events = await parseEmail(raw, context);
  const found = events.find((e): e is InboundMessageEvent => e.kind === 'message');
  if (!found) throw new Error(`no message in ${JSON.stringify(events)}`);
  return found;
}

describe('message ids and addresses', () => {
  it('strips angle brackets and reads every id of a header', () => {
    expect(bareMessageId('<a@b>')).toBe('a@b');
    expect(messageIdsOf('<a@b> <c@d>\r\n <a@b>')).toEqual(['a@b', 'c@d']);
    expect(messageIdsOf('bare@id.test')).toEqual(['bare@id.test']);
    expect(messageIdsOf(undefined)).toEqual([]);
  });

  it('splits a plus-address, lower-casing the mailbox and keeping the token', () => {
    expect(splitPlusAddress('Support+AB12CD@Acme.TEST')).toEqual({ base: 'support@acme.test', token: 'AB12CD' });
    expect(splitPlusAddress('support@acme.test')).toEqual({ base: 'support@acme.test' });
  });
});

describe('parseEmail', () => {
  it('reads sender, display name, subject, date, Message-ID and body', async () => {
    const m = await message(mime(base, 'Hello, I ordered last week.\r\n'));
    expect(m).toMatchObject({
      kind: 'message',
      providerMessageId: 'm1@customer.test',
      from: { address: 'jane.doe@customer.test', name: 'Jane Doe' },
      subject: 'Where is my order?',
      body: 'Hello, I ordered last week.',
      occurredAt: new Date('2026-12-07T10:00:00Z'),
      thread: {},
    });
    expect(m.autoReply).toBeUndefined();
    expect(m.cc).toBeUndefined();
  });

  it('strips the quoted history and the signature from the body, keeping the whole text aside', async () => {
    const text = [
      'Thanks, that works!',
      '',
      'Jane',
      '-- ',
      'Jane Doe, Customer Inc.',
      '',
      'On Mon, Dec 7, 2026 at 10:00 AM Acme Support <support@acme.test> wrote:',
      '> Please try restarting it.',
    ].join('\n');
    const m = await message(mime(base, text));
    expect(m.body).toBe('Thanks, that works!\n\nJane');
    expect(m.metadata?.['fullText']).toContain('> Please try restarting it.');
  });

  it("strips Outlook's From/Sent block", async () => {
    const text =
      'Tomorrow is fine.\n\nFrom: Acme Support <support@acme.test>\nSent: Monday, December 7, 2026 10:00 AM\nTo: Jane\nSubject: RE: Visit\n\nDoes tomorrow suit you?';
    expect((await message(mime(base, text))).body).toBe('Tomorrow is fine.');
  });

  it('keeps a mail that is all quote whole', async () => {
    const text = '> only a quote\n> nothing else';
    expect((await message(mime(base, text))).body).toBe(text);
  });

  it('generates the same Message-ID for the same mail when it has none', async () => {
    const raw = mime({ ...base, 'Message-ID': undefined }, 'No id here');
    const a = await message(raw);
    const b = await message(Buffer.from(raw));
    expect(a.providerMessageId).toMatch(/^[0-9a-f]{40}@parley\.generated$/);
    expect(b.providerMessageId).toBe(a.providerMessageId);
    expect((await message(mime({ ...base, 'Message-ID': undefined }, 'Another text'))).providerMessageId).not.toBe(a.providerMessageId);
  });

  it('keeps the other recipients (To and Cc) besides the account and the sender', async () => {
    const m = await message(
      mime({ ...base, To: 'support+ABC123@acme.test, Bob <bob@customer.test>', Cc: 'Carol <CAROL@customer.test>, jane.doe@customer.test' }, 'Hi'),
    );
    expect(m.cc).toEqual([
      { address: 'bob@customer.test', name: 'Bob' },
      { address: 'carol@customer.test', name: 'Carol' },
    ]);
  });

  describe('thread hints', () => {
    it('reads In-Reply-To and every References id, in order', async () => {
      const m = await message(mime({ ...base, 'In-Reply-To': '<r3@acme.test>', References: '<r1@acme.test>\r\n <r2@customer.test> <r3@acme.test>' }, 'Reply'));
      expect(m.thread).toEqual({ inReplyTo: ['r3@acme.test'], references: ['r1@acme.test', 'r2@customer.test', 'r3@acme.test'] });
    });

    it('takes the reply token from the plus-address of our mailbox, in the envelope or the headers', async () => {
      expect((await message(mime(base, 'x'), { ...ctx, envelopeTo: ['Support+K7QX2M@acme.test'] })).thread).toEqual({ token: 'K7QX2M' });
      expect((await message(mime({ ...base, To: 'support+K7QX2M@acme.test' }, 'x'))).thread).toEqual({ token: 'K7QX2M' });
      expect((await message(mime({ ...base, 'Delivered-To': 'support+K7QX2M@acme.test' }, 'x'))).thread).toEqual({ token: 'K7QX2M' });
      // Someone else's plus-address is no token of ours.
      expect((await message(mime({ ...base, To: 'support@acme.test', Cc: 'sales+K7QX2M@acme.test' }, 'x'))).thread).toEqual({});
    });

    it('takes the subject tag', async () => {
      const m = await message(mime({ ...base, Subject: 'RE: [#K7QX2M] Where is my order?' }, 'x'));
      expect(m.thread).toEqual({ tag: 'K7QX2M' });
      expect(m.subject).toBe('RE: [#K7QX2M] Where is my order?');
    });

    it('carries all hints of an Outlook reply (In-Reply-To rewritten, References, token and tag)', async () => {
      const m = await message(
        mime(
          {
            ...base,
            To: '"Acme Support" <support+K7QX2M@acme.test>',
            Subject: 'RE: [#K7QX2M] Visit',
            'In-Reply-To': '<AM0PR01MB1234@eurprd01.prod.outlook.com>',
            References: '<ours-1@acme.test> <AM0PR01MB1234@eurprd01.prod.outlook.com>',
            'Thread-Index': 'AQHa1234',
          },
          'ok',
        ),
      );
      expect(m.thread).toEqual({
        inReplyTo: ['AM0PR01MB1234@eurprd01.prod.outlook.com'],
        references: ['ours-1@acme.test', 'AM0PR01MB1234@eurprd01.prod.outlook.com'],
        token: 'K7QX2M',
        tag: 'K7QX2M',
      });
    });
  });

  describe('mail written by a machine', () => {
    it.each([
      ['Auto-Submitted: auto-replied', { 'Auto-Submitted': 'auto-replied' }],
      ['Auto-Submitted: auto-generated', { 'Auto-Submitted': 'auto-generated' }],
      ['Precedence: bulk', { Precedence: 'bulk' }],
      ['Precedence: list', { Precedence: 'list' }],
      ['Precedence: junk', { Precedence: 'junk' }],
      ['X-Autoreply', { 'X-Autoreply': 'yes' }],
      ['X-Autorespond', { 'X-Autorespond': 'Out of office' }],
      ['X-Loop', { 'X-Loop': 'support@acme.test' }],
      ['List-Id', { 'List-Id': 'News <news.customer.test>' }],
      ['List-Unsubscribe', { 'List-Unsubscribe': '<mailto:unsub@customer.test>' }],
      ['null Return-Path', { 'Return-Path': '<>' }],
      ['MAILER-DAEMON', { From: 'Mail Delivery System <MAILER-DAEMON@mx.customer.test>' }],
      ['postmaster', { From: 'postmaster@customer.test' }],
      ['multipart/report', { 'Content-Type': 'multipart/report; report-type=disposition-notification; boundary="b"' }],
    ] as [string, Record<string, string>][])('%s → autoReply', async (_name, headers) => {
      const body = String(headers['Content-Type'] ?? '').startsWith('multipart/report')
        ? '--b\r\nContent-Type: text/plain\r\n\r\nRead.\r\n--b--\r\n'
        : 'I am out of the office until Monday.';
      const m = await message(mime({ ...base, ...headers }, body));
      expect(m.autoReply).toBe(true);
      expect(m.metadata?.['automatic']).toEqual(expect.any(String));
    });

    it('a null envelope sender → autoReply', async () => {
      expect((await message(mime(base, 'x'), { ...ctx, envelopeFrom: '' })).autoReply).toBe(true);
      expect((await message(mime(base, 'x'), { ...ctx, envelopeFrom: 'jane.doe@customer.test' })).autoReply).toBeUndefined();
    });

    it('Auto-Submitted: no and Precedence: first-class are a person', async () => {
      expect((await message(mime({ ...base, 'Auto-Submitted': 'no', Precedence: 'first-class' }, 'x'))).autoReply).toBeUndefined();
    });
  });

  describe('bounces', () => {
    const dsn = (status: string, action = 'failed') =>
      mime(
        {
          From: 'Mail Delivery System <MAILER-DAEMON@mx.customer.test>',
          To: 'support@acme.test',
          Subject: 'Undelivered Mail Returned to Sender',
          Date: 'Mon, 07 Dec 2026 10:05:00 +0000',
          'Message-ID': '<dsn-1@mx.customer.test>',
          'Auto-Submitted': 'auto-replied',
          'MIME-Version': '1.0',
          'Content-Type': 'multipart/report; report-type=delivery-status; boundary="DSN"',
        },
        [
          '--DSN',
          'Content-Type: text/plain',
          '',
          'I could not deliver your message to nobody@customer.test.',
          '--DSN',
          'Content-Type: message/delivery-status',
          '',
          'Reporting-MTA: dns; mx.customer.test',
          '',
          'Final-Recipient: rfc822; nobody@customer.test',
          `Action: ${action}`,
          `Status: ${status}`,
          `Diagnostic-Code: smtp; ${status.startsWith('5') ? '550' : '451'} ${status} User unknown`,
          '',
          '--DSN',
          'Content-Type: text/rfc822-headers',
          '',
          'From: Acme Support <support@acme.test>',
          'To: nobody@customer.test',
          'Subject: Re: [#K7QX2M] Visit',
          'Message-ID: <our-reply-7@acme.test>',
          '',
          '--DSN--',
          '',
        ].join('\r\n'),
      );

    it('a permanent failure marks our mail bounced, hard, with the reason; the report is stored, flagged, in that thread', async () => {
      const events = await parseEmail(dsn('5.1.1'), ctx);
      const status = events.find((e): e is DeliveryStatusEvent => e.kind === 'status');
      expect(status).toEqual({
        kind: 'status',
        providerMessageId: 'our-reply-7@acme.test',
        status: 'bounced',
        hardBounce: true,
        error: { code: '5.1.1', message: 'Delivery to nobody@customer.test failed (5.1.1): 550 5.1.1 User unknown' },
        occurredAt: new Date('2026-12-07T10:05:00Z'),
      });
      const m = events.find((e): e is InboundMessageEvent => e.kind === 'message');
      expect(m).toMatchObject({ autoReply: true, providerMessageId: 'dsn-1@mx.customer.test', thread: { inReplyTo: ['our-reply-7@acme.test'] } });
      expect(m?.attachments?.map((a) => a.contentType)).toEqual([]);
    });

    it('a temporary failure is a soft bounce; a delay report is none', async () => {
      const soft = (await parseEmail(dsn('4.2.2'), ctx)).find((e): e is DeliveryStatusEvent => e.kind === 'status');
      expect(soft).toMatchObject({ status: 'bounced', hardBounce: false, error: { code: '4.2.2' } });
      expect((await parseEmail(dsn('4.4.1', 'delayed'), ctx)).map((e) => e.kind)).toEqual(['message']);
    });
  });

  it('keeps attachments with their bytes and inline parts with their Content-ID; cid: references stay', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const raw = mime(
      { ...base, 'Content-Type': 'multipart/mixed; boundary="M"' },
      [
        '--M',
        'Content-Type: multipart/related; boundary="R"',
        '',
        '--R',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>See <img src="cid:logo@acme"> and <img src="https://tracker.test/p.gif"></p>',
        '--R',
        'Content-Type: image/png',
        'Content-ID: <logo@acme>',
        'Content-Disposition: inline; filename="logo.png"',
        'Content-Transfer-Encoding: base64',
        '',
        png.toString('base64'),
        '--R--',
        '--M',
        'Content-Type: application/pdf; name="invoice.pdf"',
        'Content-Disposition: attachment; filename="invoice.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'),
        '--M--',
        '',
      ].join('\r\n'),
    );
    const m = await message(raw);
    expect(m.html).toBe('<p>See <img src="cid:logo@acme" /> and <img data-remote-src="https://tracker.test/p.gif" /></p>');
    expect(m.attachments).toEqual([
      { ref: 'cid:logo@acme', contentType: 'image/png', filename: 'logo.png', content: png, contentId: 'logo@acme' },
      { ref: 'part-2:invoice.pdf', contentType: 'application/pdf', filename: 'invoice.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') },
    ]);
    expect(m.body).toBe('See and');
  });

  it('refuses nothing it cannot read: a mail without any sender is ignored', async () => {
    expect(await parseEmail(mime({ ...base, From: undefined }, 'x'), ctx)).toEqual([{ kind: 'ignored', reason: expect.stringContaining('no sender') }]);
  });
});

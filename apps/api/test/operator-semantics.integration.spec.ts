import twilio from 'twilio';
import {
  createChannelAccount,
  createTestApp,
  insertConversation,
  signupWorkspace,
  TwilioApiDouble,
  waitFor,
  type TestApp,
  smsDesk,
  type AutonomyLevel,
} from './harness';

const AUTH_TOKEN = 'semantics-auth-token-0123456789abcd';
const LINE = '+15550008888';

type Admin = Awaited<ReturnType<typeof signupWorkspace>>;
interface Desk {
  admin: Admin;
  accountId: string;
  webhookUrl: string;
}
interface TimelineItem {
  type: string;
  actor: { kind: string; id?: string };
  data: Record<string, unknown>;
}
interface MessageItem {
  id: string;
  direction: string;
  body: string | null;
  html: string | null;
  intent: string | null;
  aiGenerated: boolean;
  author: { kind: string; id?: string };
}

const ARTICLES = [
  {
    title: 'Boiler servicing',
    body: 'We service all major boiler brands. Our engineers work weekends too: Saturday and Sunday visits are available. A standard service takes about an hour and includes a safety check.',
  },
];

/**
 * The semantics operators rely on (issue 13 §4): hand-back, manual escalation, intent on messages, and
 * the smaller rules (resolve, read on reply, assign me, local dates, approved edits, sanitized html).
 */
describe('operator semantics', () => {
  let t: TestApp;
  let sms: TwilioApiDouble;
  let sid = 0;
  let phone = 0;

  beforeAll(async () => {
    sms = await new TwilioApiDouble(`AC${'e3'.repeat(16)}`, AUTH_TOKEN).start();
    t = await createTestApp({ ASSISTANT_DEBOUNCE_MS: '300' });
  });
  afterAll(async () => {
    await t.close();
    await sms.stop();
  });

  const nextPhone = () => `+1555432${String(++phone).padStart(4, '0')}`;
  const count = async (sql: string, params: unknown[] = []) => Number((await t.orm.em.getConnection().execute(sql, params))[0].n);

  const desk = (level: AutonomyLevel, name = 'Semantics'): Promise<Desk> =>
    smsDesk(t, sms, { authToken: AUTH_TOKEN, fromNumber: LINE, level, name, articles: ARTICLES });

  /** A signed Twilio inbound, as the provider posts it. */
  async function text(d: Desk, from: string, body: string): Promise<void> {
    const params = {
      MessageSid: `SM${(++sid).toString(16).padStart(32, '0')}`,
      AccountSid: sms.accountSid,
      From: from,
      To: LINE,
      Body: body,
      NumMedia: '0',
      SmsStatus: 'received',
    };
    const res = await t.app.inject({
      method: 'POST',
      url: `/webhooks/twilio-sms/${d.accountId}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, d.webhookUrl, params),
      },
      payload: new URLSearchParams(params).toString(),
    });
    expect(res.statusCode).toBe(200);
  }

  const conversationOf = async (d: Desk, from: string) => {
    const res = await t.request('GET', `/api/v1/conversations?q=${encodeURIComponent(from.slice(-7))}`, { token: d.admin.token });
    return res.body.items[0] as { id: string } | undefined;
  };
  const get = async (token: string, id: string) => (await t.request('GET', `/api/v1/conversations/${id}`, { token })).body;
  const timeline = async (token: string, id: string) =>
    (await t.request('GET', `/api/v1/conversations/${id}/timeline?limit=200`, { token })).body.items as TimelineItem[];
  const messages = async (token: string, id: string) => (await t.request('GET', `/api/v1/conversations/${id}/messages`, { token })).body.items as MessageItem[];
  const decisions = async (d: Desk, id: string) => (await timeline(d.admin.token, id)).filter((e) => e.type === 'ai.decision').map((e) => e.data);

  /** Sends the customer's text and waits until the assistant has decided on it. */
  async function ask(d: Desk, from: string, body: string, decisionCount = 1) {
    await text(d, from, body);
    const conversation = await waitFor(
      () => conversationOf(d, from),
      (c) => c !== undefined,
    );
    const id = (conversation as { id: string }).id;
    const made = await waitFor(
      () => decisions(d, id),
      (ds) => ds.length >= decisionCount,
      15_000,
    );
    return { id, decision: made[decisionCount - 1] };
  }

  describe('1. hand-back', () => {
    it('an escalated conversation reports the assistant paused; PUT active hands it back and the next inbound is answered', async () => {
      const d = await desk('controlled', 'Handback');
      const from = nextPhone();
      const { id, decision } = await ask(d, from, 'I want to talk to a person');
      expect(decision).toMatchObject({ decision: 'escalate' });
      expect(await get(d.admin.token, id)).toMatchObject({
        status: 'human_handling',
        escalationReason: 'Customer asked for a human',
        assistantState: 'paused',
      });
      // The list card (what the realtime conversation frames carry) tells the same truth.
      const cards = (await t.request('GET', '/api/v1/conversations', { token: d.admin.token })).body.items;
      expect(cards.find((c: { id: string }) => c.id === id)).toMatchObject({ status: 'human_handling', assistantState: 'paused' });

      const handedBack = await t.request('PUT', `/api/v1/conversations/${id}/assistant`, { token: d.admin.token, body: { state: 'active' } });
      expect(handedBack.status).toBe(200);
      expect(handedBack.body).toMatchObject({ status: 'ai_handling', assistantState: 'active', escalationReason: null, requiresAction: false });
      const entries = await timeline(d.admin.token, id);
      // The reason is cleared on the conversation and kept on the timeline.
      expect(entries.find((e) => e.type === 'escalated')?.data).toEqual({ reason: 'Customer asked for a human' });
      expect(entries.find((e) => e.type === 'assistant.changed')).toMatchObject({
        actor: { kind: 'operator', id: d.admin.user.id },
        data: { from: 'paused', to: 'active', handedBack: true, escalationReason: 'Customer asked for a human' },
      });
      expect(entries.filter((e) => e.type === 'status.changed').at(-1)?.data).toEqual({ from: 'human_handling', to: 'ai_handling' });

      const again = await ask(d, from, 'Do you service boilers on weekends?', 2);
      expect(again.decision).toMatchObject({ decision: 'send' });
      const inbound = (await messages(d.admin.token, id)).filter((m) => m.direction === 'inbound');
      expect(again.decision['answered']).toContain(inbound[inbound.length - 1].id);
      // A second PUT active changes nothing.
      const before = (await timeline(d.admin.token, id)).length;
      expect((await t.request('PUT', `/api/v1/conversations/${id}/assistant`, { token: d.admin.token, body: { state: 'active' } })).status).toBe(200);
      expect(await timeline(d.admin.token, id)).toHaveLength(before);
    });

    it('reports the contact-level pause and opt-out; active cannot override them (409)', async () => {
      const admin = await signupWorkspace(t, 'Truth');
      const account = await createChannelAccount(t, admin.token, 'sms');
      const c = await insertConversation(t, {
        workspaceId: admin.user.workspaceId,
        channelAccountId: account.id,
        channel: 'sms',
        contact: { name: 'Paula Paused', phone: '+15550101010' },
        messages: [{ direction: 'inbound', body: 'hi' }],
      });
      expect((await get(admin.token, c.id)).assistantState).toBe('active');
      expect((await t.request('POST', `/api/v1/contacts/${c.contactId}/ai-pause`, { token: admin.token, body: { reason: 'sensitive' } })).status).toBe(200);
      expect((await get(admin.token, c.id)).assistantState).toBe('paused');
      const refused = await t.request('PUT', `/api/v1/conversations/${c.id}/assistant`, { token: admin.token, body: { state: 'active' } });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/contact/);
      const optedOut = await insertConversation(t, {
        workspaceId: admin.user.workspaceId,
        channelAccountId: account.id,
        channel: 'sms',
        contact: { name: 'Otto Out', phone: '+15550101011' },
        status: 'opted_out',
        optedOut: true,
      });
      expect((await get(admin.token, optedOut.id)).assistantState).toBe('blocked');
      expect((await t.request('PUT', `/api/v1/conversations/${optedOut.id}/assistant`, { token: admin.token, body: { state: 'active' } })).status).toBe(409);
    });
  });

  describe('2. manual escalation', () => {
    it('requires action until a human replies, even when the assistant had already answered', async () => {
      const admin = await signupWorkspace(t, 'Manual');
      const account = await createChannelAccount(t, admin.token, 'sms');
      const { id } = await insertConversation(t, {
        workspaceId: admin.user.workspaceId,
        channelAccountId: account.id,
        channel: 'sms',
        contact: { name: 'Rita Replied', phone: '+15550202020' },
        messages: [
          { direction: 'inbound', body: 'Do you work weekends?' },
          { direction: 'outbound', body: 'Yes, Saturdays.' },
        ],
      });
      expect(await get(admin.token, id)).toMatchObject({ replyState: 'replied', requiresAction: false });
      const escalated = await t.request('POST', `/api/v1/conversations/${id}/escalate`, { token: admin.token, body: { reason: 'VIP customer' } });
      expect(escalated.body).toMatchObject({ status: 'human_handling', requiresAction: true, replyState: 'awaiting_reply' });
      const listed = await t.request('GET', '/api/v1/conversations?requiresAction=true', { token: admin.token });
      expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
      await t.request('POST', `/api/v1/conversations/${id}/messages`, { token: admin.token, body: { body: 'Hi Rita, Sam here.' } });
      expect(await get(admin.token, id)).toMatchObject({ status: 'human_handling', requiresAction: false, replyState: 'replied' });
      expect((await t.request('GET', '/api/v1/conversations?requiresAction=true', { token: admin.token })).body.items).toEqual([]);
    });
  });

  describe('3. intent', () => {
    it('is stored on the inbound messages the provider classified, and announced', async () => {
      const d = await desk('full', 'Intent');
      const from = nextPhone();
      await text(d, from, 'Do you cover Leeds?');
      await text(d, from, 'Do you service boilers on weekends?');
      const { id } = (await waitFor(
        () => conversationOf(d, from),
        (c) => c !== undefined,
      )) as { id: string };
      // One turn usually answers both (debounced); two turns are fine too: each classifies what it answered.
      const made = await waitFor(
        () => decisions(d, id),
        (ds) => ds.flatMap((x) => x['answered'] as string[]).length >= 2,
        15_000,
      );
      const all = await messages(d.admin.token, id);
      const inbound = all.filter((m) => m.direction === 'inbound');
      expect(inbound).toHaveLength(2);
      for (const m of inbound) {
        const decision = made.find((x) => (x['answered'] as string[]).includes(m.id));
        expect(decision?.['intent']).toEqual(expect.any(String));
        expect({ id: m.id, intent: m.intent }).toEqual({ id: m.id, intent: decision?.['intent'] });
      }
      // The reply is the assistant's, not a classified customer message.
      expect(all.filter((m) => m.direction === 'outbound').every((m) => m.intent === null)).toBe(true);
      const events = await t.orm.em
        .getConnection()
        .execute(`select payload from outbox where queue = 'events' and name = 'message.updated' and payload->'data'->>'conversationId' = ?`, [id]);
      expect(events.map((e: { payload: { data: Record<string, unknown> } }) => e.payload.data)).toEqual(
        expect.arrayContaining(inbound.map((m) => expect.objectContaining({ id: m.id, intent: m.intent, direction: 'inbound', body: m.body }))),
      );
    });
  });

  describe('8. smaller rules', () => {
    let admin: Admin;
    let other: Admin;
    let operator: { id: string; token: string };
    let account: { id: string };
    let email: { id: string };
    let n = 0;
    const fresh = async (extra: Partial<Parameters<typeof insertConversation>[1]> = {}) =>
      (
        await insertConversation(t, {
          workspaceId: admin.user.workspaceId,
          channelAccountId: account.id,
          channel: 'sms',
          contact: { name: `Casey ${++n}`, phone: `+155506${String(n).padStart(5, '0')}` },
          messages: [{ direction: 'inbound', body: 'Hello there' }],
          ...extra,
        })
      ).id;

    beforeAll(async () => {
      admin = await signupWorkspace(t, 'Smaller');
      other = await signupWorkspace(t, 'Elsewhere');
      const created = await t.request('POST', '/api/v1/users', {
        token: admin.token,
        body: { email: 'op@smaller.test', name: 'Olive Op', password: 'operator pw 1', role: 'operator' },
      });
      operator = {
        id: created.body.id,
        token: (await t.request('POST', '/api/v1/auth/login', { body: { email: 'op@smaller.test', password: 'operator pw 1' } })).body.accessToken,
      };
      account = await createChannelAccount(t, admin.token, 'sms');
      email = await createChannelAccount(t, admin.token, 'email');
    });

    it('resolving clears the escalation reason (the timeline keeps it)', async () => {
      const id = await fresh();
      await t.request('POST', `/api/v1/conversations/${id}/escalate`, { token: admin.token, body: { reason: 'Angry about the invoice' } });
      const resolved = await t.request('POST', `/api/v1/conversations/${id}/resolve`, { token: admin.token });
      expect(resolved.body).toMatchObject({ status: 'resolved', escalationReason: null });
      expect((await timeline(admin.token, id)).find((e) => e.type === 'escalated')?.data).toEqual({ reason: 'Angry about the invoice' });
    });

    it('replying marks the conversation read for the replier only', async () => {
      const id = await fresh();
      expect((await get(operator.token, id)).unread).toBe(true);
      const sent = await t.request('POST', `/api/v1/conversations/${id}/messages`, { token: operator.token, body: { body: 'On it.' } });
      expect(sent.status).toBe(201);
      expect((await get(operator.token, id)).unread).toBe(false);
      expect((await get(admin.token, id)).unread).toBe(true);
      const unreadForOperator = await t.request('GET', '/api/v1/conversations?unread=true', { token: operator.token });
      expect(unreadForOperator.body.items.map((c: { id: string }) => c.id)).not.toContain(id);
    });

    it('/assign accepts "me" (a user; an API key has no "me"); another workspace answers 404', async () => {
      const id = await fresh();
      const assigned = await t.request('POST', `/api/v1/conversations/${id}/assign`, { token: operator.token, body: { assigneeId: 'me' } });
      expect(assigned.status).toBe(200);
      expect(assigned.body.assignee).toEqual({ id: operator.id, name: 'Olive Op', email: 'op@smaller.test' });
      const key = (await t.request('POST', '/api/v1/api-keys', { token: admin.token, body: { name: 'CRM sync' } })).body.key;
      const byKey = await t.request('POST', `/api/v1/conversations/${id}/assign`, { token: key, body: { assigneeId: 'me' } });
      expect(byKey.status).toBe(400);
      expect(byKey.body.details[0].field).toBe('assigneeId');
      expect((await t.request('POST', `/api/v1/conversations/${id}/assign`, { token: other.token, body: { assigneeId: 'me' } })).status).toBe(404);
      expect((await t.request('POST', `/api/v1/conversations/${id}/assign`, { token: admin.token, body: { assigneeId: 'someone' } })).status).toBe(400);
      expect((await get(admin.token, id)).assignee.id).toBe(operator.id);
    });

    it("date-only from/to cover whole days in the workspace's time zone", async () => {
      const tz = await signupWorkspace(t, 'NewYork');
      expect((await t.request('PATCH', '/api/v1/workspace', { token: tz.token, body: { timezone: 'America/New_York' } })).status).toBe(200);
      const acc = await createChannelAccount(t, tz.token, 'sms');
      const at = async (iso: string, name: string) =>
        (
          await insertConversation(t, {
            workspaceId: tz.user.workspaceId,
            channelAccountId: acc.id,
            channel: 'sms',
            contact: { name, phone: `+1555070${String(++n).padStart(4, '0')}` },
            lastActivityAt: new Date(iso),
          })
        ).id;
      const early = await at('2026-12-04T05:30:00Z', 'Early'); // 00:30 on Dec 4 in New York
      const late = await at('2026-12-05T04:30:00Z', 'Late'); // 23:30 on Dec 4 in New York
      const next = await at('2026-12-05T05:30:00Z', 'Next'); // 00:30 on Dec 5 in New York
      const before = await at('2026-12-04T04:30:00Z', 'Before'); // 23:30 on Dec 3 in New York
      const ids = async (qs: string) =>
        (await t.request('GET', `/api/v1/conversations?${qs}`, { token: tz.token })).body.items.map((c: { id: string }) => c.id).sort();
      expect(await ids('from=2026-12-04&to=2026-12-04')).toEqual([early, late].sort());
      expect(await ids('to=2026-12-04')).toEqual([before, early, late].sort());
      expect(await ids('from=2026-12-05')).toEqual([next]);
      // An instant with a zone is taken as it is.
      expect(await ids('to=2026-12-04T05:30:00Z')).toEqual([before, early].sort());
      const counts = await t.request('GET', '/api/v1/conversations/counts?from=2026-12-04&to=2026-12-04', { token: tz.token });
      expect(counts.body.ai_handling).toBe(2);
    });

    it('an edited approved draft is the approver’s, AI-generated, and the answer carries the sent text', async () => {
      const d = await desk('assisted', 'Drafts');
      const from = nextPhone();
      const first = await ask(d, from, 'Do you service boilers on weekends?');
      const edited = await t.request('POST', `/api/v1/drafts/${first.decision['draftId']}/approve`, {
        token: d.admin.token,
        body: { body: 'Yes, Saturdays 8am to 2pm.' },
      });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ status: 'approved', sentBody: 'Yes, Saturdays 8am to 2pm.', decidedBy: d.admin.user.id });
      expect(edited.body.body).toContain('weekend');
      const sent = (await messages(d.admin.token, first.id)).find((m) => m.id === edited.body.messageId);
      expect(sent).toMatchObject({ body: 'Yes, Saturdays 8am to 2pm.', aiGenerated: true, author: { kind: 'operator', id: d.admin.user.id } });

      const second = await ask(d, from, 'Do you service boilers on weekends?', 2);
      const plain = await t.request('POST', `/api/v1/drafts/${second.decision['draftId']}/approve`, { token: d.admin.token, body: {} });
      expect(plain.body.sentBody).toBe(plain.body.body);
      const unedited = (await messages(d.admin.token, first.id)).find((m) => m.id === plain.body.messageId);
      expect(unedited).toMatchObject({ aiGenerated: true, author: { kind: 'ai' } });
      const listed = (await t.request('GET', `/api/v1/drafts?conversationId=${first.id}`, { token: d.admin.token })).body.items;
      expect(listed.find((x: { id: string }) => x.id === edited.body.id).sentBody).toBe('Yes, Saturdays 8am to 2pm.');
    });

    it('operator html is sanitized on the way in', async () => {
      const id = await fresh({ channelAccountId: email.id, channel: 'email', contact: { name: 'Hugo Html', email: 'hugo@example.test' } });
      const html = [
        '<p style="color:red" onclick="steal()">Hello <strong>Hugo</strong> <em>and</em> <u>team</u></p>',
        '<script>alert(1)</script>',
        '<a href="javascript:alert(1)">bad link</a>',
        '<a href="https://example.test/quote" target="_blank">quote</a>',
        '<a href="mailto:sales@example.test">mail us</a>',
        '<img src="http://tracker.test/pixel.gif">',
        '<img src="https://cdn.example.test/logo.png" alt="logo">',
        '<img src="cid:logo@parley">',
        '<iframe src="https://evil.test"></iframe>',
        '<form action="https://evil.test"><input name="card"></form>',
        '<style>p{}</style>',
        '<ul><li>one</li></ul><table><tr><td>cell</td></tr></table><blockquote>quoted</blockquote>',
      ].join('');
      const res = await t.request('POST', `/api/v1/conversations/${id}/messages`, { token: admin.token, body: { body: 'Hello Hugo', html, subject: 'Quote' } });
      expect(res.status).toBe(201);
      const stored = (await messages(admin.token, id)).find((m) => m.id === res.body.id)?.html ?? '';
      expect(res.body.html).toBe(stored);
      expect(stored).toContain('<p>Hello <strong>Hugo</strong> <em>and</em> <u>team</u></p>');
      expect(stored).toContain('<a href="https://example.test/quote" target="_blank" rel="noopener noreferrer nofollow">quote</a>');
      expect(stored).toContain('<a href="mailto:sales@example.test" rel="noopener noreferrer nofollow">mail us</a>');
      expect(stored).toContain('<img src="https://cdn.example.test/logo.png" alt="logo" />');
      expect(stored).toContain('<img src="cid:logo@parley" />');
      expect(stored).toContain('<ul><li>one</li></ul>');
      expect(stored).toContain('<td>cell</td>');
      expect(stored).toContain('<blockquote>quoted</blockquote>');
      for (const banned of ['script', 'javascript:', 'onclick', 'style', 'iframe', 'form', 'input', 'http://tracker.test', 'alert(1)']) {
        expect({ banned, found: stored.includes(banned) }).toEqual({ banned, found: false });
      }
      // html that sanitizes to nothing is no content.
      const empty = await t.request('POST', `/api/v1/conversations/${id}/messages`, { token: admin.token, body: { html: '<script>alert(1)</script>' } });
      expect(empty.status).toBe(400);
      expect(await count("select count(*) as n from message where html like '%<script%'")).toBe(0);
    });
  });
});

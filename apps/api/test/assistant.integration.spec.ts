import twilio from 'twilio';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { ChatCompletionsDouble, createTestApp, signupWorkspace, TwilioApiDouble, waitFor, type TestApp, smsDesk, type AutonomyLevel } from './harness';

const AUTH_TOKEN = 'assistant-auth-token-0123456789abcd';
const LINE = '+15550009999';

type Admin = Awaited<ReturnType<typeof signupWorkspace>>;
interface Desk {
  admin: Admin;
  accountId: string;
  webhookUrl: string;
}
interface TimelineItem {
  type: string;
  actor: { kind: string };
  data: Record<string, unknown>;
}

/**
 * The assistant end to end: a signed Twilio webhook → debounced turn on the assistant queue → the
 * provider's report → the autonomy decision → an SMS on the Twilio double, a draft, an escalation or a
 * resolution. Each test runs in a workspace of its own.
 */
describe('assistant turns', () => {
  let t: TestApp;
  let sms: TwilioApiDouble;
  let llm: ChatCompletionsDouble;
  let sid = 0;
  let phone = 0;

  beforeAll(async () => {
    sms = await new TwilioApiDouble(`AC${'e2'.repeat(16)}`, AUTH_TOKEN).start();
    llm = await new ChatCompletionsDouble().start();
    t = await createTestApp({ ASSISTANT_DEBOUNCE_MS: '400' });
  });
  afterAll(async () => {
    await t.close();
    await sms.stop();
    await llm.stop();
  });

  const nextPhone = () => `+1555321${String(++phone).padStart(4, '0')}`;

  const desk = (level: AutonomyLevel, name = 'Desk'): Promise<Desk> => smsDesk(t, sms, { authToken: AUTH_TOKEN, fromNumber: LINE, level, name });

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
  const get = async (d: Desk, id: string) => (await t.request('GET', `/api/v1/conversations/${id}`, { token: d.admin.token })).body;
  const timeline = async (d: Desk, id: string) =>
    (await t.request('GET', `/api/v1/conversations/${id}/timeline?limit=200`, { token: d.admin.token })).body.items as TimelineItem[];
  const decisions = async (d: Desk, id: string) => (await timeline(d, id)).filter((e) => e.type === 'ai.decision').map((e) => e.data);
  const smsTo = (to: string) => sms.sent.filter((s) => s['To'] === to).map((s) => s['Body']);

  /** Sends the customer's text and waits until the assistant has decided on it. */
  async function ask(d: Desk, from: string, body: string, decisionCount = 1) {
    await text(d, from, body);
    const conversation = await waitFor(
      () => conversationOf(d, from),
      (c) => c !== undefined,
    );
    const made = await waitFor(
      () => decisions(d, conversation!.id),
      (ds) => ds.length >= decisionCount,
      15_000,
    );
    return { id: conversation!.id, decision: made[decisionCount - 1] };
  }

  describe('the decision table, with the built-in rules provider', () => {
    it('full autonomy: a question the knowledge base answers is answered by SMS', async () => {
      const d = await desk('full');
      const from = nextPhone();
      const { id, decision } = await ask(d, from, 'Do you service boilers on weekends?');
      expect(decision).toMatchObject({ decision: 'send', provider: 'rules', intent: 'question', risk: 'low', reason: 'send: low risk under full autonomy' });
      await waitFor(
        async () => smsTo(from),
        (bodies) => bodies.length === 1,
      );
      expect(smsTo(from)[0]).toContain('weekend');
      expect(await get(d, id)).toMatchObject({ status: 'ai_handling', replyState: 'replied', requiresAction: false });
      const messages = (await t.request('GET', `/api/v1/conversations/${id}/messages`, { token: d.admin.token })).body.items;
      expect(messages.map((m: { author: { kind: string } }) => m.author.kind)).toEqual(['contact', 'ai']);
    });

    it('sends at most autoReplyLimitPerHour replies on its own to one contact an hour; beyond, the reply waits as a draft', async () => {
      const d = await desk('full', 'Loop guard');
      expect(
        (await t.request('PATCH', '/api/v1/workspace', { token: d.admin.token, body: { settings: { autoReplyLimitPerHour: 2 } } })).body.settings,
      ).toMatchObject({ autoReplyLimitPerHour: 2 });
      const from = nextPhone();
      for (let i = 1; i <= 2; i++) {
        const { decision } = await ask(d, from, 'Do you service boilers on weekends?', i);
        expect(decision).toMatchObject({ decision: 'send' });
      }
      // An auto-responder keeps answering: the third reply in the hour is held for a human.
      const { decision } = await ask(d, from, 'Do you service boilers on weekends?', 3);
      expect(decision).toMatchObject({ decision: 'draft', reason: expect.stringContaining('autoReplyLimitPerHour') });
      await waitFor(
        async () => smsTo(from),
        (bodies) => bodies.length === 2,
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(smsTo(from)).toHaveLength(2);
    });

    it('assisted: the same answer waits as a pending draft, and nothing is sent', async () => {
      const d = await desk('assisted');
      const from = nextPhone();
      const { id, decision } = await ask(d, from, 'Do you service boilers on weekends?');
      expect(decision).toMatchObject({ decision: 'draft', reason: 'draft: every reply is approved under assisted', draftId: expect.any(String) });
      const drafts = (await t.request('GET', '/api/v1/drafts?status=pending', { token: d.admin.token })).body.items;
      expect(drafts).toEqual([expect.objectContaining({ id: decision['draftId'], conversationId: id, status: 'pending', intent: 'question', risk: 'low' })]);
      expect(drafts[0].body).toContain('weekend');
      expect(await get(d, id)).toMatchObject({ status: 'ai_handling', requiresAction: true });
      expect(smsTo(from)).toEqual([]);
    });

    it('controlled: low risk is sent, a pricing question (high risk) is held', async () => {
      const d = await desk('controlled');
      const from = nextPhone();
      const first = await ask(d, from, 'Do you service boilers on weekends?');
      expect(first.decision).toMatchObject({ decision: 'send', reason: 'send: low risk under controlled' });
      await waitFor(
        async () => smsTo(from),
        (bodies) => bodies.length === 1,
      );
      const second = await ask(d, from, 'How much does a boiler service cost?', 2);
      expect(second.decision).toMatchObject({ decision: 'draft', intent: 'pricing', risk: 'high', reason: 'draft: high risk under controlled' });
      expect(smsTo(from)).toHaveLength(1);
    });

    it('"I want to talk to a person" escalates with the reason and tells the customer', async () => {
      const d = await desk('controlled');
      const from = nextPhone();
      const { id, decision } = await ask(d, from, 'I want to talk to a person');
      expect(decision).toMatchObject({ decision: 'escalate', reason: 'escalate: Customer asked for a human', intent: 'human_request' });
      expect(await get(d, id)).toMatchObject({ status: 'human_handling', escalationReason: 'Customer asked for a human', requiresAction: true });
      await waitFor(
        async () => smsTo(from),
        (bodies) => bodies.length === 1,
      );
      expect(smsTo(from)[0]).toMatch(/colleague/);
      // Escalated: the assistant stays silent until handed back.
      await text(d, from, 'Hello? Anyone there?');
      await new Promise((r) => setTimeout(r, 1200));
      expect(await decisions(d, id)).toHaveLength(1);
      // Handing back (assistant active) lets it answer again.
      await t.request('PUT', `/api/v1/conversations/${id}/assistant`, { token: d.admin.token, body: { state: 'paused' } });
      await t.request('PUT', `/api/v1/conversations/${id}/assistant`, { token: d.admin.token, body: { state: 'active' } });
      const again = await ask(d, from, 'Do you service boilers on weekends?', 2);
      expect(again.decision).toMatchObject({ decision: 'send' });
    });

    it('"thanks, that helps" resolves the conversation', async () => {
      const d = await desk('full');
      const from = nextPhone();
      await ask(d, from, 'Do you service boilers on weekends?');
      const { id, decision } = await ask(d, from, 'thanks, that helps', 2);
      expect(decision).toMatchObject({ decision: 'resolve', intent: 'confirmation' });
      expect(await get(d, id)).toMatchObject({ status: 'resolved' });
      await waitFor(
        async () => smsTo(from),
        (bodies) => bodies.length === 2,
      );
    });

    it('an out-of-scope question escalates and lands in the knowledge-gaps report, grouped with its rewording', async () => {
      const d = await desk('full');
      const first = await ask(d, nextPhone(), 'Can you repair a swimming pool heater?');
      expect(first.decision).toMatchObject({ decision: 'escalate', reason: 'escalate: Out of scope: no knowledge-base article answers this' });
      await ask(d, nextPhone(), 'swimming pool heater — can you repair one?');
      await ask(d, nextPhone(), 'Do you install solar panels on roofs?');
      const res = await t.request('GET', '/api/v1/reports/knowledge-gaps', { token: d.admin.token });
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({ count: 2, question: 'swimming pool heater — can you repair one?', conversationIds: expect.any(Array) }),
        expect.objectContaining({ count: 1, question: 'Do you install solar panels on roofs?' }),
      ]);
      expect(res.body.items[0].conversationIds).toHaveLength(2);
      // Writing the article the gap asks for covers it: the report is what is still to write.
      const article = await t.request('POST', '/api/v1/knowledge', {
        token: d.admin.token,
        body: { title: 'Swimming pool heater repair', body: 'We repair swimming pool heaters of every make, usually within a week.' },
      });
      expect(article.status).toBe(201);
      const after = await t.request('GET', '/api/v1/reports/knowledge-gaps', { token: d.admin.token });
      expect(after.body.items).toEqual([expect.objectContaining({ count: 1, question: 'Do you install solar panels on roofs?' })]);
      const other = await signupWorkspace(t, 'Elsewhere');
      expect((await t.request('GET', '/api/v1/reports/knowledge-gaps', { token: other.token })).body.items).toEqual([]);
      expect((await t.request('GET', '/api/v1/reports/knowledge-gaps?from=2026-13-01', { token: d.admin.token })).status).toBe(400);
    });
  });

  describe('silence', () => {
    it('never replies when the conversation assistant is paused, and records why', async () => {
      const d = await desk('full');
      const from = nextPhone();
      const { id } = await ask(d, from, 'Do you service boilers on weekends?');
      await t.request('PUT', `/api/v1/conversations/${id}/assistant`, { token: d.admin.token, body: { state: 'paused' } });
      const { decision } = await ask(d, from, 'And on bank holidays?', 2);
      expect(decision).toMatchObject({ decision: 'silent', reason: 'silent: the assistant is paused on this conversation' });
      await new Promise((r) => setTimeout(r, 300));
      expect(smsTo(from)).toHaveLength(1);
    });

    it('stays silent for an AI-paused contact, with the reason on the timeline', async () => {
      const d = await desk('full');
      const from = nextPhone();
      const { id } = await ask(d, from, 'Do you service boilers on weekends?');
      const contactId = (await get(d, id)).contact.id;
      expect((await t.request('POST', `/api/v1/contacts/${contactId}/ai-pause`, { token: d.admin.token, body: { reason: 'sensitive' } })).status).toBe(200);
      const { decision } = await ask(d, from, 'And on bank holidays?', 2);
      expect(decision).toMatchObject({ decision: 'silent', reason: 'silent: AI is paused for this contact' });
      expect(smsTo(from)).toHaveLength(1);
    });

    it('an opted-out contact gets no turn at all', async () => {
      const d = await desk('full');
      const from = nextPhone();
      const { id } = await ask(d, from, 'Do you service boilers on weekends?');
      await waitFor(
        async () => smsTo(from),
        (bodies) => bodies.length === 1,
      );
      await text(d, from, 'STOP');
      await text(d, from, 'Do you service boilers on weekends?');
      await new Promise((r) => setTimeout(r, 1200));
      expect(await get(d, id)).toMatchObject({ status: 'opted_out' });
      expect(await decisions(d, id)).toHaveLength(1);
      expect(smsTo(from)).toHaveLength(1);
    });

    it('the assistant switched off for the workspace answers nothing', async () => {
      const d = await desk('full');
      expect((await t.request('PUT', '/api/v1/assistant', { token: d.admin.token, body: { enabled: false } })).body).toMatchObject({
        enabled: false,
        provider: 'rules',
      });
      const from = nextPhone();
      await text(d, from, 'Do you service boilers on weekends?');
      await new Promise((r) => setTimeout(r, 1200));
      const conversation = await conversationOf(d, from);
      expect(await decisions(d, conversation!.id)).toEqual([]);
      expect(smsTo(from)).toEqual([]);
      // Passed over at ingest: no turn was even queued.
      const turns = await t.orm.em
        .getConnection()
        .execute("select count(*)::int as n from outbox where queue = 'assistant' and payload->>'conversationId' = ?", [conversation!.id]);
      expect(turns[0].n).toBe(0);
      // Switched back on, it answers what comes next, not what arrived while it was off.
      expect((await t.request('PUT', '/api/v1/assistant', { token: d.admin.token, body: { enabled: true } })).status).toBe(200);
      await text(d, from, 'Hello again');
      const [decision] = await waitFor(
        () => decisions(d, conversation!.id),
        (ds) => ds.length >= 1,
        15_000,
      );
      const messages = (await t.request('GET', `/api/v1/conversations/${conversation!.id}/messages`, { token: d.admin.token })).body.items as {
        id: string;
        body: string;
      }[];
      expect(decision['answered']).toEqual(messages.filter((m) => m.body === 'Hello again').map((m) => m.id));
    });
  });

  it('a burst of three messages gets one turn that answers all three', async () => {
    const d = await desk('full');
    const from = nextPhone();
    await text(d, from, 'Hi there');
    await text(d, from, 'quick one');
    await text(d, from, 'Do you service boilers on weekends?');
    const conversation = await waitFor(
      () => conversationOf(d, from),
      (c) => c !== undefined,
    );
    const [decision] = await waitFor(
      () => decisions(d, conversation!.id),
      (ds) => ds.length >= 1,
      15_000,
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(await decisions(d, conversation!.id)).toHaveLength(1);
    expect(decision['answered']).toHaveLength(3);
    await waitFor(
      async () => smsTo(from),
      (bodies) => bodies.length === 1,
    );
    expect(smsTo(from)[0]).toContain('weekend');

    // A retried (or replayed) turn finds its messages answered and does nothing.
    const queue = t.app.get<Queue>(getQueueToken('assistant'));
    const replay = await queue.add('turn', {
      conversationId: conversation!.id,
      workspaceId: d.admin.user.workspaceId,
      messageId: (decision['answered'] as string[])[2],
    });
    const done = await waitFor(
      async () => queue.getJob(replay.id!),
      (j) => j?.finishedOn !== undefined,
    );
    expect(done?.returnvalue).toEqual({ kind: 'skipped', reason: 'already handled' });
    expect(await decisions(d, conversation!.id)).toHaveLength(1);
    expect(smsTo(from)).toHaveLength(1);
  });

  describe('drafts', () => {
    it('approve sends the edited text exactly once; a second approval is 409; the edit is recorded', async () => {
      const d = await desk('assisted');
      const from = nextPhone();
      const { id, decision } = await ask(d, from, 'Do you service boilers on weekends?');
      const draftId = decision['draftId'] as string;
      const [one, two] = await Promise.all([
        t.request('POST', `/api/v1/drafts/${draftId}/approve`, { token: d.admin.token, body: { body: 'Yes — Saturdays 8am to 2pm.' } }),
        t.request('POST', `/api/v1/drafts/${draftId}/approve`, { token: d.admin.token, body: {} }),
      ]);
      expect([one.status, two.status].sort()).toEqual([200, 409]);
      const approved = one.status === 200 ? one : two;
      expect(approved.body).toMatchObject({ status: 'approved', decidedBy: d.admin.user.id, messageId: expect.any(String) });
      await waitFor(
        async () => smsTo(from),
        (bodies) => bodies.length === 1,
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(smsTo(from)).toHaveLength(1);
      const entry = (await timeline(d, id)).find((e) => e.type === 'draft.approved');
      if (one.status === 200)
        expect(entry?.data).toMatchObject({ edited: true, sentBody: 'Yes — Saturdays 8am to 2pm.', originalBody: expect.stringContaining('weekend') });
      expect(await get(d, id)).toMatchObject({ requiresAction: false });
      expect((await t.request('POST', `/api/v1/drafts/${draftId}/reject`, { token: d.admin.token, body: {} })).status).toBe(409);
    });

    it('reject records the reason; a human reply withdraws pending drafts; other workspaces get 404', async () => {
      const d = await desk('assisted');
      const from = nextPhone();
      const first = await ask(d, from, 'Do you service boilers on weekends?');
      const rejected = await t.request('POST', `/api/v1/drafts/${first.decision['draftId']}/reject`, {
        token: d.admin.token,
        body: { reason: 'We are closed this weekend' },
      });
      expect(rejected.body).toMatchObject({ status: 'rejected', decisionNote: 'We are closed this weekend' });
      const second = await ask(d, from, 'What about boiler servicing next week?', 2);
      const other = await signupWorkspace(t, 'Other');
      expect((await t.request('POST', `/api/v1/drafts/${second.decision['draftId']}/approve`, { token: other.token, body: {} })).status).toBe(404);
      expect((await t.request('GET', '/api/v1/drafts', { token: other.token })).body.items).toEqual([]);
      await t.request('POST', `/api/v1/conversations/${first.id}/messages`, { token: d.admin.token, body: { body: 'I can do Tuesday.' } });
      const drafts = (await t.request('GET', `/api/v1/drafts?conversationId=${first.id}`, { token: d.admin.token })).body.items;
      expect(drafts.map((x: { status: string }) => x.status)).toEqual(['withdrawn', 'rejected']);
      expect((await t.request('GET', '/api/v1/drafts?status=bogus', { token: d.admin.token })).status).toBe(400);
    });
  });

  /** Runs a delayed assistant job now (as if its time had come), through the real queue. */
  async function promote(name: string, conversationId: string): Promise<void> {
    const queue = t.app.get<Queue>(getQueueToken('assistant'));
    const job = await waitFor(
      async () => (await queue.getDelayed()).find((j) => j.name === name && j.data.conversationId === conversationId),
      (j) => j !== undefined,
    );
    expect(job).toBeDefined();
    await job!.promote();
  }
  const outboxEvents = async (type: string) =>
    (
      await t.orm.em
        .getConnection()
        .execute<{ payload: { data: Record<string, unknown> } }[]>(`select payload from outbox where queue = 'events' and name = ?`, [type])
    ).map((r) => r.payload.data);

  describe('escalation SLA and follow-up', () => {
    it('an escalation still waiting past the SLA raises an alert and sorts first under requiresAction until a human answers', async () => {
      const d = await desk('full');
      await t.request('PATCH', '/api/v1/workspace', { token: d.admin.token, body: { settings: { escalationSlaMinutes: 20 } } });
      const from = nextPhone();
      const { id } = await ask(d, from, 'I want to talk to a person');
      // A newer escalation that is not late yet.
      const later = await ask(d, nextPhone(), 'Can I speak to a human please?');
      const [{ deliver_after: due, created_at: at }] = await t.orm.em
        .getConnection()
        .execute(`select deliver_after, created_at from outbox where name = 'sla-check' and payload->>'conversationId' = ?`, [id]);
      expect(new Date(due).getTime() - new Date(at).getTime()).toBeGreaterThan(19.9 * 60_000);
      expect(new Date(due).getTime() - new Date(at).getTime()).toBeLessThan(20.1 * 60_000);

      const list = async () =>
        (await t.request('GET', '/api/v1/conversations?requiresAction=true', { token: d.admin.token })).body.items.map((c: { id: string }) => c.id);
      expect(await list()).toEqual([later.id, id]);
      await promote('sla-check', id);
      const flagged = await waitFor(
        () => get(d, id),
        (c) => c.slaBreachedAt !== null,
      );
      expect(flagged.slaBreachedAt).toEqual(expect.any(String));
      expect(await list()).toEqual([id, later.id]);
      expect(await outboxEvents('alert.created')).toContainEqual(
        expect.objectContaining({ kind: 'escalation_sla', conversationId: id, escalationReason: 'Customer asked for a human' }),
      );
      expect((await timeline(d, id)).map((e) => e.type)).toContain('sla.breached');
      // Paging keeps the order (the cursor carries the priority).
      const page1 = (await t.request('GET', '/api/v1/conversations?requiresAction=true&limit=1', { token: d.admin.token })).body;
      const page2 = (await t.request('GET', `/api/v1/conversations?requiresAction=true&limit=1&cursor=${page1.nextCursor}`, { token: d.admin.token })).body;
      expect([...page1.items, ...page2.items].map((c: { id: string }) => c.id)).toEqual([id, later.id]);

      await t.request('POST', `/api/v1/conversations/${id}/messages`, { token: d.admin.token, body: { body: 'Hi, Maya here, how can I help?' } });
      expect(await get(d, id)).toMatchObject({ slaBreachedAt: null, requiresAction: false });
    });

    it('re-engages a customer who went quiet, once; not one who answered', async () => {
      const d = await desk('full');
      await t.request('PATCH', '/api/v1/workspace', { token: d.admin.token, body: { settings: { followUpHours: 24 } } });
      const quiet = nextPhone();
      const first = await ask(d, quiet, 'Do you service boilers on weekends?');
      await promote('follow-up', first.id);
      await waitFor(
        async () => smsTo(quiet),
        (bodies) => bodies.length === 2,
      );
      expect(smsTo(quiet)[1]).toBe('Hi, just checking in: is there anything else I can help you with?');
      expect((await timeline(d, first.id)).map((e) => e.type)).toContain('follow_up.sent');

      const talkative = nextPhone();
      const second = await ask(d, talkative, 'Do you service boilers on weekends?');
      await ask(d, talkative, 'Great, and do you work in Leeds?', 2);
      const queue = t.app.get<Queue>(getQueueToken('assistant'));
      const jobs = (await queue.getDelayed()).filter((j) => j.name === 'follow-up' && j.data.conversationId === second.id);
      expect(jobs.length).toBeGreaterThanOrEqual(1);
      // The first answer's follow-up finds the customer answered: it sends nothing.
      const firstJob = jobs.find((j) => j.data.messageId !== jobs[jobs.length - 1].data.messageId) ?? jobs[0];
      await firstJob.promote();
      await waitFor(
        async () => (await queue.getJob(firstJob.id!))?.finishedOn,
        (f) => f !== undefined,
      );
      expect((await queue.getJob(firstJob.id!))?.returnvalue).toMatchObject({ kind: 'skipped' });
      expect(smsTo(talkative).filter((b) => b?.includes('checking in'))).toEqual([]);
    });

    it('drafts and decisions are announced as realtime events', async () => {
      const d = await desk('assisted');
      const { decision } = await ask(d, nextPhone(), 'Do you service boilers on weekends?');
      expect(await outboxEvents('draft.created')).toContainEqual(expect.objectContaining({ id: decision['draftId'], status: 'pending' }));
      await t.request('POST', `/api/v1/drafts/${decision['draftId']}/reject`, { token: d.admin.token, body: {} });
      expect(await outboxEvents('draft.updated')).toContainEqual(expect.objectContaining({ id: decision['draftId'], status: 'rejected' }));
      expect(await outboxEvents('timeline.created')).toContainEqual(
        expect.objectContaining({ type: 'ai.decision', data: expect.objectContaining({ draftId: decision['draftId'] }) }),
      );
    });
  });

  describe('the openai provider against a local chat-completions server', () => {
    it('is picked per workspace, keeps its key secret, and its book action becomes a booking with the CRM link', async () => {
      const d = await desk('full');
      const put = await t.request('PUT', '/api/v1/assistant', {
        token: d.admin.token,
        body: { provider: 'openai', config: { baseUrl: llm.url, apiKey: 'sk-test-key-123', model: 'local-model', timeoutMs: 5000, maxRetries: 0 } },
      });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ provider: 'openai', config: { apiKey: null, apiKeySet: true, model: 'local-model' } });
      expect(JSON.stringify((await t.request('GET', '/api/v1/assistant', { token: d.admin.token })).body)).not.toContain('sk-test-key-123');
      await t.request('PATCH', '/api/v1/workspace', {
        token: d.admin.token,
        body: { settings: { bookingUrlTemplate: 'https://crm.example.test/jobs/{externalId}' } },
      });
      llm.reply({
        reply: 'Booked: a boiler service on Saturday at 9am.',
        intent: { name: 'booking', confidence: 0.92 },
        risk: { level: 'low', reasons: [] },
        actions: [{ type: 'book', jobType: 'Boiler service', externalId: 'JOB-77' }],
      });
      const from = nextPhone();
      const { id, decision } = await ask(d, from, 'Please book a boiler service for Saturday morning');
      expect(decision).toMatchObject({ decision: 'send', provider: 'openai', intent: 'booking' });
      expect(llm.requests.at(-1)?.authorization).toBe('Bearer sk-test-key-123');
      expect(JSON.stringify(llm.requests.at(-1)?.body)).toContain('Boiler servicing');
      expect((await get(d, id)).bookings).toEqual([
        expect.objectContaining({ externalId: 'JOB-77', jobType: 'Boiler service', url: 'https://crm.example.test/jobs/JOB-77' }),
      ]);
      await waitFor(
        async () => smsTo(from),
        (bodies) => bodies.length === 1,
      );
      expect(smsTo(from)).toEqual(['Booked: a boiler service on Saturday at 9am.']);
    });

    it('a provider failure escalates instead of guessing; a bad provider id or config is a 400 naming the field', async () => {
      const d = await desk('full');
      await t.request('PUT', '/api/v1/assistant', {
        token: d.admin.token,
        body: { provider: 'openai', config: { baseUrl: llm.url, model: 'm', maxRetries: 0, timeoutMs: 5000 } },
      });
      llm.fail(500, 1);
      const { id, decision } = await ask(d, nextPhone(), 'Do you service boilers on weekends?');
      expect(decision).toMatchObject({ decision: 'escalate' });
      expect(String(decision['reason'])).toContain('The AI provider failed');
      expect(await get(d, id)).toMatchObject({ status: 'human_handling' });
      const bad = await t.request('PUT', '/api/v1/assistant', { token: d.admin.token, body: { provider: 'nope' } });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([expect.objectContaining({ field: 'provider' })]);
      const badConfig = await t.request('PUT', '/api/v1/assistant', {
        token: d.admin.token,
        body: { provider: 'openai', config: { baseUrl: 'not a url', model: 'm' } },
      });
      expect(badConfig.status).toBe(400);
      expect(badConfig.body.details.map((x: { field: string }) => x.field)).toContain('config.baseUrl');
      const operator = await t.request('POST', '/api/v1/users', {
        token: d.admin.token,
        body: { name: 'Op', email: `op${Date.now()}@desk.test`, password: 'correct horse battery', role: 'operator' },
      });
      const login = await t.request('POST', '/api/v1/auth/login', { body: { email: operator.body.email, password: 'correct horse battery' } });
      expect((await t.request('PUT', '/api/v1/assistant', { token: login.body.accessToken, body: { enabled: false } })).status).toBe(403);
    });

    it('a human taking over while the provider is thinking cancels the turn', async () => {
      const d = await desk('full');
      await t.request('PUT', '/api/v1/assistant', {
        token: d.admin.token,
        body: { provider: 'openai', config: { baseUrl: llm.url, model: 'm', maxRetries: 0, timeoutMs: 10000 } },
      });
      llm.hang(2500);
      const from = nextPhone();
      await text(d, from, 'Do you service boilers on weekends?');
      const conversation = await waitFor(
        () => conversationOf(d, from),
        (c) => c !== undefined,
      );
      const before = llm.requests.length;
      await waitFor(
        async () => llm.requests.length,
        (n) => n > before,
        10_000,
      );
      expect(
        (await t.request('POST', `/api/v1/conversations/${conversation!.id}/escalate`, { token: d.admin.token, body: { reason: 'VIP customer' } })).status,
      ).toBe(200);
      const [decision] = await waitFor(
        () => decisions(d, conversation!.id),
        (ds) => ds.length >= 1,
        15_000,
      );
      expect(decision).toMatchObject({ decision: 'silent', reason: 'cancelled: a human is handling this conversation (changed during the turn)' });
      expect(smsTo(from)).toEqual([]);
    });
  });
});

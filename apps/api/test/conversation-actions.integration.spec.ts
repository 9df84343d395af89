import { createChannelAccount, createTestApp, insertConversation, signupWorkspace, type TestApp } from './harness';

describe('conversation actions, messages, notes, timeline, bookings', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signupWorkspace>>;
  let other: Awaited<ReturnType<typeof signupWorkspace>>;
  let operator: { token: string; id: string };
  let sms: { id: string };
  let whatsapp: { id: string };

  const count = async (sql: string, params: unknown[] = []) => Number((await t.orm.em.getConnection().execute(sql, params))[0].n);
  const timelineTypes = async (id: string) =>
    (await t.request('GET', `/api/v1/conversations/${id}/timeline?limit=200`, { token: admin.token })).body.items.map((e: { type: string }) => e.type);
  const fresh = async (extra: Partial<Parameters<typeof insertConversation>[1]> = {}) =>
    (
      await insertConversation(t, {
        workspaceId: admin.user.workspaceId,
        channelAccountId: sms.id,
        channel: 'sms',
        contact: {
          name: 'Casey',
          phone: `+1555${Math.floor(Math.random() * 1e7)
            .toString()
            .padStart(7, '0')}`,
        },
        messages: [{ direction: 'inbound', body: 'Hello there' }],
        ...extra,
      })
    ).id;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signupWorkspace(t, 'Actions');
    other = await signupWorkspace(t, 'Intruder');
    const created = await t.request('POST', '/api/v1/users', {
      token: admin.token,
      body: { email: 'op@actions.test', name: 'Olive Op', password: 'operator pw 1', role: 'operator' },
    });
    operator = {
      id: created.body.id,
      token: (await t.request('POST', '/api/v1/auth/login', { body: { email: 'op@actions.test', password: 'operator pw 1' } })).body.accessToken,
    };
    sms = await createChannelAccount(t, admin.token, 'sms');
    whatsapp = await createChannelAccount(t, admin.token, 'whatsapp');
  });
  afterAll(() => t.close());

  it('returns the conversation detail of API.md', async () => {
    const id = await fresh();
    const res = await t.request('GET', `/api/v1/conversations/${id}`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      status: 'ai_handling',
      assistantState: 'active',
      channelAccount: { id: sms.id, plugin: 'twilio-sms', channel: 'sms', name: 'sms account' },
      assignee: null,
      escalationReason: null,
      campaign: null,
      bookings: [],
      archived: false,
      unread: true,
      replyState: 'awaiting_reply',
      requiresAction: false,
      lastMessagePreview: 'Hello there',
    });
    expect(res.body.contact).toMatchObject({ name: 'Casey' });
  });

  it('escalates with a reason, assigns, unassigns and resolves, each with its timeline entry', async () => {
    const id = await fresh();
    const escalated = await t.request('POST', `/api/v1/conversations/${id}/escalate`, { token: operator.token, body: { reason: 'Asked for a manager' } });
    expect(escalated.status).toBe(200);
    expect(escalated.body).toMatchObject({ status: 'human_handling', escalationReason: 'Asked for a manager', requiresAction: true });

    const assigned = await t.request('POST', `/api/v1/conversations/${id}/assign`, { token: operator.token, body: { assigneeId: operator.id } });
    expect(assigned.body.assignee).toEqual({ id: operator.id, name: 'Olive Op', email: 'op@actions.test' });
    expect((await t.request('POST', `/api/v1/conversations/${id}/unassign`, { token: operator.token })).body.assignee).toBeNull();
    const resolved = await t.request('POST', `/api/v1/conversations/${id}/resolve`, { token: operator.token });
    expect(resolved.body.status).toBe('resolved');
    const reopened = await t.request('POST', `/api/v1/conversations/${id}/reopen`, { token: operator.token });
    expect(reopened.body).toMatchObject({ status: 'ai_handling', escalationReason: null });

    expect(await timelineTypes(id)).toEqual(['status.changed', 'escalated', 'assigned', 'unassigned', 'status.changed', 'status.changed', 'reopened']);
    const timeline = (await t.request('GET', `/api/v1/conversations/${id}/timeline`, { token: admin.token })).body.items;
    expect(timeline[1]).toMatchObject({
      type: 'escalated',
      actor: { kind: 'operator', id: operator.id, name: 'Olive Op' },
      data: { reason: 'Asked for a manager' },
    });
    expect(timeline[0].data).toEqual({ from: 'ai_handling', to: 'human_handling' });
  });

  it('writes the timeline and the outbox in the same transaction as the change', async () => {
    const id = await fresh();
    const before = await count("select count(*) as n from outbox where name = 'timeline.created' and payload->'data'->>'conversationId' = ?", [id]);
    await t.request('POST', `/api/v1/conversations/${id}/archive`, { token: admin.token });
    expect(await count("select count(*) as n from outbox where name = 'timeline.created' and payload->'data'->>'conversationId' = ?", [id])).toBe(before + 1);
    expect(await count("select count(*) as n from outbox where name = 'conversation.updated' and payload->'data'->>'id' = ?", [id])).toBeGreaterThan(0);
    // A refused change (reopen of an open conversation, 409) writes neither.
    const timelineBefore = await count('select count(*) as n from timeline_event where conversation_id = ?', [id]);
    const outboxBefore = await count('select count(*) as n from outbox');
    expect((await t.request('POST', `/api/v1/conversations/${id}/reopen`, { token: admin.token })).status).toBe(409);
    expect(await count('select count(*) as n from timeline_event where conversation_id = ?', [id])).toBe(timelineBefore);
    expect(await count('select count(*) as n from outbox')).toBe(outboxBefore);
  });

  it('archives and unarchives; repeating an action is a no-op without a new timeline entry', async () => {
    const id = await fresh();
    expect((await t.request('POST', `/api/v1/conversations/${id}/archive`, { token: admin.token })).body.archived).toBe(true);
    expect((await t.request('POST', `/api/v1/conversations/${id}/archive`, { token: admin.token })).body.archived).toBe(true);
    expect((await t.request('POST', `/api/v1/conversations/${id}/unarchive`, { token: admin.token })).body.archived).toBe(false);
    expect(await timelineTypes(id)).toEqual(['archived', 'unarchived']);
  });

  it('assigning moves an AI conversation to human handling; an unknown assignee is 404', async () => {
    const id = await fresh();
    const res = await t.request('POST', `/api/v1/conversations/${id}/assign`, { token: admin.token, body: { assigneeId: admin.user.id } });
    expect(res.body).toMatchObject({ status: 'human_handling', assignee: { id: admin.user.id } });
    expect((await t.request('POST', `/api/v1/conversations/${id}/assign`, { token: admin.token, body: { assigneeId: other.user.id } })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/conversations/${id}/assign`, { token: admin.token, body: { assigneeId: 'none' } })).status).toBe(400);
  });

  it('pauses, blocks and re-activates the assistant; re-activating hands an escalated conversation back', async () => {
    const id = await fresh({ status: 'human_handling' });
    expect((await t.request('PUT', `/api/v1/conversations/${id}/assistant`, { token: admin.token, body: { state: 'paused' } })).body.assistantState).toBe(
      'paused',
    );
    expect((await t.request('PUT', `/api/v1/conversations/${id}/assistant`, { token: admin.token, body: { state: 'blocked' } })).body.assistantState).toBe(
      'blocked',
    );
    const active = await t.request('PUT', `/api/v1/conversations/${id}/assistant`, { token: admin.token, body: { state: 'active' } });
    expect(active.body).toMatchObject({ assistantState: 'active', status: 'ai_handling' });
    expect((await t.request('PUT', `/api/v1/conversations/${id}/assistant`, { token: admin.token, body: { state: 'asleep' } })).status).toBe(400);
    expect(await timelineTypes(id)).toEqual(['assistant.changed', 'assistant.changed', 'assistant.changed', 'status.changed']);
  });

  it('refuses status changes of an opted-out conversation with 409', async () => {
    const id = await fresh({ status: 'opted_out', optedOut: true });
    expect((await t.request('POST', `/api/v1/conversations/${id}/escalate`, { token: admin.token, body: { reason: 'x' } })).status).toBe(409);
    expect((await t.request('POST', `/api/v1/conversations/${id}/resolve`, { token: admin.token })).status).toBe(409);
  });

  it('sends an operator reply: 201 queued, reply state replied, a delivery job in the outbox', async () => {
    const id = await fresh();
    const res = await t.request('POST', `/api/v1/conversations/${id}/messages`, { token: operator.token, body: { body: 'Hi Casey, how can I help?' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      conversationId: id,
      direction: 'outbound',
      author: { kind: 'operator', id: operator.id, name: 'Olive Op' },
      body: 'Hi Casey, how can I help?',
      attachments: [],
      channelAccountId: sms.id,
      deliveryStatus: 'queued',
      aiGenerated: false,
    });
    expect(await count("select count(*) as n from outbox where queue = 'delivery' and payload->>'messageId' = ?", [res.body.id])).toBe(1);
    const detail = await t.request('GET', `/api/v1/conversations/${id}`, { token: admin.token });
    expect(detail.body).toMatchObject({ replyState: 'replied', lastMessagePreview: 'Hi Casey, how can I help?' });
    const messages = await t.request('GET', `/api/v1/conversations/${id}/messages`, { token: admin.token });
    expect(messages.body.items.map((m: { body: string }) => m.body)).toEqual(['Hello there', 'Hi Casey, how can I help?']);
    expect(await timelineTypes(id)).toEqual(['message.sent']);
  });

  it('refuses to message an opted-out contact (409) and writes nothing', async () => {
    const id = await fresh({ optedOut: true, status: 'opted_out' });
    const before = await count('select count(*) as n from message where conversation_id = ?', [id]);
    const res = await t.request('POST', `/api/v1/conversations/${id}/messages`, { token: admin.token, body: { body: 'Are you there?' } });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/opted out/);
    expect(await count('select count(*) as n from message where conversation_id = ?', [id])).toBe(before);
    expect(await count("select count(*) as n from outbox where queue = 'delivery' and payload->>'messageId' is null")).toBe(0);
  });

  it('enforces the WhatsApp 24-hour window: free text 422 outside it, a template passes', async () => {
    const id = await fresh({
      channelAccountId: whatsapp.id,
      channel: 'whatsapp',
      messages: [{ direction: 'inbound', body: 'old question', at: new Date(Date.now() - 30 * 3600_000) }],
    });
    const refused = await t.request('POST', `/api/v1/conversations/${id}/messages`, { token: admin.token, body: { body: 'Following up' } });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toMatch(/24-hour/);
    const template = await t.request('POST', '/api/v1/templates', {
      token: admin.token,
      body: { channelAccountId: whatsapp.id, name: 'follow_up', body: 'Hi {{1}}, about your {{2}}.' },
    });
    const missingParam = await t.request('POST', `/api/v1/conversations/${id}/messages`, {
      token: admin.token,
      body: { templateId: template.body.id, templateParams: ['Casey'] },
    });
    expect(missingParam.status).toBe(400);
    const sent = await t.request('POST', `/api/v1/conversations/${id}/messages`, {
      token: admin.token,
      body: { templateId: template.body.id, templateParams: ['Casey', 'boiler'] },
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ body: 'Hi Casey, about your boiler.', templateId: template.body.id, deliveryStatus: 'queued' });
    // Inside the window free text is fine.
    const recent = await fresh({ channelAccountId: whatsapp.id, channel: 'whatsapp' });
    expect((await t.request('POST', `/api/v1/conversations/${recent}/messages`, { token: admin.token, body: { body: 'Sure' } })).status).toBe(201);
  });

  it('rejects an empty message and unknown fields with 400', async () => {
    const id = await fresh();
    expect((await t.request('POST', `/api/v1/conversations/${id}/messages`, { token: admin.token, body: {} })).status).toBe(400);
    const unknown = await t.request('POST', `/api/v1/conversations/${id}/messages`, { token: admin.token, body: { body: 'x', priority: 'high' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0].field).toBe('priority');
  });

  it('starts an outbound conversation with a new contact (201), reusing the contact next time', async () => {
    const res = await t.request('POST', '/api/v1/conversations', {
      token: operator.token,
      body: { channelAccountId: sms.id, contact: { name: 'Nina New', phone: '+1 (555) 777-0001' }, body: 'Hi Nina, your quote is ready.' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'human_handling',
      assignee: { id: operator.id },
      contact: { name: 'Nina New', phone: '+15557770001' },
      replyState: 'replied',
    });
    expect(res.body.message).toMatchObject({ body: 'Hi Nina, your quote is ready.', deliveryStatus: 'queued' });
    const again = await t.request('POST', '/api/v1/conversations', {
      token: operator.token,
      body: { channelAccountId: sms.id, contact: { name: 'Nina', phone: '+15557770001' } },
    });
    expect(again.status).toBe(201);
    expect(again.body.contact.id).toBe(res.body.contact.id);
    expect(await timelineTypes(res.body.id)).toEqual(['conversation.created', 'message.sent']);
    const missingPhone = await t.request('POST', '/api/v1/conversations', {
      token: operator.token,
      body: { channelAccountId: sms.id, contact: { name: 'No phone' } },
    });
    expect(missingPhone.status).toBe(422);
  });

  it('keeps internal notes, never as messages', async () => {
    const id = await fresh();
    const note = await t.request('POST', `/api/v1/conversations/${id}/notes`, { token: operator.token, body: { body: 'Called them back, all good' } });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ conversationId: id, body: 'Called them back, all good', author: { id: operator.id, name: 'Olive Op' } });
    const notes = await t.request('GET', `/api/v1/conversations/${id}/notes`, { token: admin.token });
    expect(notes.body.items).toHaveLength(1);
    expect(await count("select count(*) as n from message where body like 'Called them back%'")).toBe(0);
    expect(await count("select count(*) as n from outbox where queue = 'delivery' and payload->>'messageId' is null")).toBe(0);
    expect(await timelineTypes(id)).toEqual(['note.added']);
    expect((await t.request('POST', `/api/v1/conversations/${id}/notes`, { token: admin.token, body: { body: '' } })).status).toBe(400);
  });

  it('records bookings (with the CRM link) and cancels them once', async () => {
    const id = await fresh();
    const booking = await t.request('POST', `/api/v1/conversations/${id}/bookings`, {
      token: admin.token,
      body: { externalId: 'JOB-7', jobType: 'Boiler service', url: 'https://crm.example.test/jobs/JOB-7' },
    });
    expect(booking.status).toBe(201);
    expect(booking.body).toMatchObject({ conversationId: id, externalId: 'JOB-7', jobType: 'Boiler service', status: 'active' });
    const listed = await t.request('GET', `/api/v1/conversations?q=Casey&limit=200`, { token: admin.token });
    expect(listed.body.items.find((c: { id: string }) => c.id === id).bookings).toEqual([booking.body]);
    const cancelled = await t.request('POST', `/api/v1/bookings/${booking.body.id}/cancel`, { token: admin.token });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(String) });
    expect((await t.request('POST', `/api/v1/bookings/${booking.body.id}/cancel`, { token: admin.token })).status).toBe(409);
    expect(await timelineTypes(id)).toEqual(['booking.created', 'booking.cancelled']);
  });

  it('logs LinkedIn activity on the timeline', async () => {
    const id = await fresh();
    const res = await t.request('POST', `/api/v1/conversations/${id}/activities`, {
      token: operator.token,
      body: { type: 'linkedin', kind: 'connection_request', body: 'Connected after the expo', occurredAt: '2026-11-20T10:00:00Z' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'activity.logged',
      data: { type: 'linkedin', kind: 'connection_request', body: 'Connected after the expo', occurredAt: '2026-11-20T10:00:00.000Z' },
    });
    expect(
      (await t.request('POST', `/api/v1/conversations/${id}/activities`, { token: operator.token, body: { type: 'linkedin', kind: 'poke' } })).status,
    ).toBe(400);
  });

  it('deletes a conversation with its messages, notes and timeline', async () => {
    const id = await fresh();
    await t.request('POST', `/api/v1/conversations/${id}/notes`, { token: admin.token, body: { body: 'to be deleted' } });
    expect((await t.request('DELETE', `/api/v1/conversations/${id}`, { token: admin.token })).status).toBe(204);
    expect((await t.request('GET', `/api/v1/conversations/${id}`, { token: admin.token })).status).toBe(404);
    for (const table of ['message', 'note', 'timeline_event']) {
      expect(await count(`select count(*) as n from ${table} where conversation_id = ?`, [id])).toBe(0);
    }
    expect(await count("select count(*) as n from outbox where name = 'conversation.deleted' and payload->'data'->>'id' = ?", [id])).toBe(1);
  });

  it("answers 404 on every conversation route for another workspace's id, changing nothing", async () => {
    const id = await fresh();
    const booking = await t.request('POST', `/api/v1/conversations/${id}/bookings`, { token: admin.token, body: { externalId: 'JOB-9', jobType: 'x' } });
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/v1/conversations/${id}`],
      ['DELETE', `/api/v1/conversations/${id}`],
      ...['read', 'unread', 'archive', 'unarchive', 'resolve', 'reopen', 'unassign'].map((a): [string, string] => ['POST', `/api/v1/conversations/${id}/${a}`]),
      ['POST', `/api/v1/conversations/${id}/escalate`, { reason: 'x' }],
      ['POST', `/api/v1/conversations/${id}/assign`, { assigneeId: other.user.id }],
      ['PUT', `/api/v1/conversations/${id}/assistant`, { state: 'paused' }],
      ['GET', `/api/v1/conversations/${id}/messages`],
      ['POST', `/api/v1/conversations/${id}/messages`, { body: 'hi' }],
      ['GET', `/api/v1/conversations/${id}/notes`],
      ['POST', `/api/v1/conversations/${id}/notes`, { body: 'hi' }],
      ['GET', `/api/v1/conversations/${id}/timeline`],
      ['POST', `/api/v1/conversations/${id}/bookings`, { externalId: 'X', jobType: 'y' }],
      ['POST', `/api/v1/bookings/${booking.body.id}/cancel`],
      ['POST', `/api/v1/conversations/${id}/activities`, { type: 'linkedin', kind: 'message' }],
    ];
    const before = await count('select count(*) as n from timeline_event where conversation_id = ?', [id]);
    for (const [method, url, body] of routes) {
      const res = await t.request(method, url, { token: other.token, body });
      expect({ method, url, status: res.status }).toEqual({ method, url, status: 404 });
    }
    expect(await count('select count(*) as n from timeline_event where conversation_id = ?', [id])).toBe(before);
    expect((await t.request('GET', `/api/v1/conversations/${id}`, { token: admin.token })).body.status).toBe('ai_handling');
    // A channel account of another workspace is 404 too.
    expect(
      (
        await t.request('POST', '/api/v1/conversations', {
          token: other.token,
          body: { channelAccountId: sms.id, contact: { name: 'X', phone: '+15550000000' } },
        })
      ).status,
    ).toBe(404);
  });
});

import { request as httpRequest, type IncomingMessage } from 'node:http';
import { JwtService } from '@nestjs/jwt';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import type { RealtimeEvent } from '@parley/contracts';
import { EventBus } from '@parley/core/testing';
import { createChannelAccount, createTestApp, insertConversation, signupWorkspace, waitFor, type TestApp } from './harness';

type Admin = Awaited<ReturnType<typeof signupWorkspace>>;

/** A socket.io-client connection that records every frame it receives. */
class Client {
  readonly events: RealtimeEvent[] = [];
  readonly other: { name: string; payload: unknown }[] = [];
  constructor(readonly socket: Socket) {
    socket.on('event', (e: RealtimeEvent) => this.events.push(e));
    for (const name of ['resync', 'ready', 'auth_expired']) socket.on(name, (payload: unknown) => this.other.push({ name, payload }));
  }
  get lastId(): string | undefined {
    return this.events.at(-1)?.id;
  }
  close(): void {
    this.socket.disconnect();
  }
}

/**
 * The realtime layer on two API instances sharing PostgreSQL and Redis: Socket.IO at /realtime and
 * SSE at /api/v1/events, with replay after reconnect, tenant isolation, token checks and presence.
 */
describe('realtime', () => {
  let a: TestApp;
  let b: TestApp;
  let urlA: string;
  let urlB: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp();
    await a.app.listen(0, '127.0.0.1');
    await b.app.listen(0, '127.0.0.1');
    urlA = await a.app.getUrl();
    urlB = await b.app.getUrl();
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  async function connect(url: string, auth: Record<string, unknown>, transport: 'websocket' | 'polling' = 'websocket'): Promise<Client> {
    const socket = io(url, { path: '/realtime', auth, transports: [transport], reconnection: false, forceNew: true });
    const client = new Client(socket);
    clients.push(client);
    await new Promise<void>((resolve, reject) => {
      socket.once('ready', () => resolve());
      socket.once('connect_error', reject);
    });
    return client;
  }

  async function refused(url: string, auth: Record<string, unknown>): Promise<string> {
    const socket = io(url, { path: '/realtime', auth, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      return await new Promise<string>((resolve, reject) => {
        socket.once('connect_error', (err) => resolve(err.message));
        socket.once('connect', () => reject(new Error('connected')));
      });
    } finally {
      socket.disconnect();
    }
  }

  async function conversationIn(admin: Admin): Promise<string> {
    const account = await createChannelAccount(a, admin.token, 'sms', `line ${Date.now()}`);
    const { id } = await insertConversation(a, {
      workspaceId: admin.user.workspaceId,
      channelAccountId: account.id,
      channel: 'sms',
      contact: { name: 'Rita', phone: `+1555${Date.now() % 10_000_000}` },
    });
    return id;
  }

  const note = (admin: Admin, conversationId: string, body: string) =>
    a.request('POST', `/api/v1/conversations/${conversationId}/notes`, { token: admin.token, body: { body } });
  const notesIn = (c: Client) => c.events.filter((e) => e.type === 'note.created');

  it('refuses a forged, an expired or a missing token, and disconnects when the token expires', async () => {
    const admin = await signupWorkspace(a, 'Tokens');
    expect(await refused(urlA, { token: 'forged.token.value' })).toMatch(/unauthorized/);
    expect(await refused(urlA, {})).toMatch(/unauthorized/);
    const signer = new JwtService({ secret: a.config.jwtSecret });
    const claims = { sub: admin.user.id, wid: admin.user.workspaceId, role: 'admin' };
    expect(await refused(urlA, { token: signer.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 5 }) })).toMatch(/unauthorized/);
    expect(await refused(urlA, { token: new JwtService({ secret: 'another-secret-that-is-long-enough-0123' }).sign(claims) })).toMatch(/unauthorized/);

    const shortLived = await connect(urlA, { token: signer.sign({ ...claims, exp: Math.floor(Date.now() / 1000) + 2 }) });
    const gone = new Promise<string>((resolve) => shortLived.socket.once('disconnect', (reason) => resolve(reason)));
    expect(await gone).toBe('io server disconnect');
    expect(shortLived.other.map((o) => o.name)).toContain('auth_expired');
  });

  it('delivers one event to sockets on both API instances, and never to another workspace', async () => {
    const admin = await signupWorkspace(a, 'Shared');
    const stranger = await signupWorkspace(a, 'Stranger');
    const conversationId = await conversationIn(admin);
    const onA = await connect(urlA, { token: admin.token });
    const onB = await connect(urlB, { token: admin.token });
    const strangerOnB = await connect(urlB, { token: stranger.token });
    expect((await note(admin, conversationId, 'visible on both instances')).status).toBe(201);
    await waitFor(
      async () => [notesIn(onA).length, notesIn(onB).length],
      ([x, y]) => x === 1 && y === 1,
    );
    expect(notesIn(onA)).toHaveLength(1);
    expect(notesIn(onB)).toHaveLength(1);
    expect(notesIn(onA)[0]).toEqual(notesIn(onB)[0]);
    expect(notesIn(onA)[0]).toMatchObject({
      id: expect.stringMatching(/^\d+-\d+$/),
      type: 'note.created',
      workspaceId: admin.user.workspaceId,
      data: { conversationId },
    });
    // The frame carries the note as the REST API returns it: no fetch per event.
    const listed = (await a.request('GET', `/api/v1/conversations/${conversationId}/notes`, { token: admin.token })).body.items;
    expect(notesIn(onA)[0].data).toEqual(listed[listed.length - 1]);
    await new Promise((r) => setTimeout(r, 300));
    expect(strangerOnB.events.filter((e) => e.workspaceId !== stranger.user.workspaceId)).toEqual([]);
    expect(notesIn(strangerOnB)).toEqual([]);
  });

  it('carries the list card in conversation frames, with unread as each receiving user sees it', async () => {
    const admin = await signupWorkspace(a, 'Cards');
    const created = await a.request('POST', '/api/v1/users', {
      token: admin.token,
      body: { name: 'Maya Ortiz', email: `maya-${Date.now()}@cards.test`, password: 'operator-password-1', role: 'operator' },
    });
    expect(created.status).toBe(201);
    const maya = (await a.request('POST', '/api/v1/auth/login', { body: { email: created.body.email, password: 'operator-password-1' } })).body;
    const account = await createChannelAccount(a, admin.token, 'sms', `cards ${Date.now()}`);
    const { id } = await insertConversation(a, {
      workspaceId: admin.user.workspaceId,
      channelAccountId: account.id,
      channel: 'sms',
      contact: { name: 'Rita Card', phone: `+1555${Date.now() % 10_000_000}` },
      messages: [{ direction: 'inbound', body: 'Is the plumber coming today?', at: new Date() }],
    });
    const adminSocket = await connect(urlA, { token: admin.token });
    const mayaSocket = await connect(urlB, { token: maya.accessToken });
    const cardsIn = (c: Client) => c.events.filter((e) => e.type === 'conversation.updated' && e.data.id === id);

    // Maya reads it: her card says read, the admin's still unread; the rest is the list's card for each.
    expect((await a.request('POST', `/api/v1/conversations/${id}/read`, { token: maya.accessToken })).status).toBeLessThan(300);
    await waitFor(
      async () => [cardsIn(adminSocket).length, cardsIn(mayaSocket).length],
      ([x, y]) => x === 1 && y === 1,
    );
    const listed = async (token: string) => (await a.request('GET', '/api/v1/conversations', { token })).body.items.find((c: { id: string }) => c.id === id);
    expect(cardsIn(mayaSocket)[0].data).toEqual(await listed(maya.accessToken));
    expect(cardsIn(adminSocket)[0].data).toEqual(await listed(admin.token));
    expect(cardsIn(mayaSocket)[0].data).toMatchObject({ unread: false, contact: { name: 'Rita Card' }, status: 'ai_handling', archived: false });
    expect(cardsIn(adminSocket)[0].data).toMatchObject({ unread: true });
    // Nobody's frame names who else has read what.
    expect(cardsIn(adminSocket)[0]).not.toHaveProperty('unreadFor');
    expect(cardsIn(mayaSocket)[0]).not.toHaveProperty('unreadFor');

    // An escalation: both get the new card (assignee, reason, requires action), each with their own unread.
    expect((await a.request('POST', `/api/v1/conversations/${id}/escalate`, { token: admin.token, body: { reason: 'Wants a manager' } })).status).toBeLessThan(
      300,
    );
    await waitFor(
      async () => [cardsIn(adminSocket).length, cardsIn(mayaSocket).length],
      ([x, y]) => x === 2 && y === 2,
    );
    expect(cardsIn(adminSocket)[1].data).toEqual(await listed(admin.token));
    expect(cardsIn(mayaSocket)[1].data).toEqual(await listed(maya.accessToken));
    expect(cardsIn(mayaSocket)[1].data).toMatchObject({
      status: 'human_handling',
      escalationReason: 'Wants a manager',
      assistantState: 'paused',
      unread: false,
    });

    // A replayed frame is personal too (SSE or socket, after a reconnect).
    const replayed = await connect(urlA, { token: maya.accessToken, lastEventId: adminSocket.events[0].id });
    await waitFor(
      async () => cardsIn(replayed).length,
      (n) => n >= 1,
    );
    expect(cardsIn(replayed).at(-1)?.data).toMatchObject({ unread: false });
  });

  it('gives each of many concurrent changes its own card (cards read together, one query per workspace and turn)', async () => {
    const admin = await signupWorkspace(a, 'Many cards');
    const account = await createChannelAccount(a, admin.token, 'sms', `many ${Date.now()}`);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { id } = await insertConversation(a, {
        workspaceId: admin.user.workspaceId,
        channelAccountId: account.id,
        channel: 'sms',
        contact: { name: `Customer ${i}`, phone: `+1555019${String(i).padStart(4, '0')}` },
      });
      ids.push(id);
    }
    const socket = await connect(urlA, { token: admin.token });
    const results = await Promise.all(
      ids.map((id, i) => a.request('POST', `/api/v1/conversations/${id}/escalate`, { token: admin.token, body: { reason: `reason ${i}` } })),
    );
    expect(results.every((r) => r.status < 300)).toBe(true);
    const cards = () => socket.events.filter((e) => e.type === 'conversation.updated');
    await waitFor(
      async () => new Set(cards().map((e) => e.data.id)).size,
      (n) => n === 20,
    );
    for (const e of cards()) {
      if (e.type !== 'conversation.updated') continue;
      const i = ids.indexOf(e.data.id);
      expect(e.data).toMatchObject({ contact: { name: `Customer ${i}` }, escalationReason: `reason ${i}`, status: 'human_handling' });
    }
  });

  it('gives websocket and long-polling sockets every event of a burst once, in order', async () => {
    const admin = await signupWorkspace(a, 'Burst');
    const conversationId = await conversationIn(admin);
    const websocket = await connect(urlA, { token: admin.token });
    const polling = await connect(urlA, { token: admin.token }, 'polling');
    const onB = await connect(urlB, { token: admin.token });
    // Concurrent notes: their events reach the instances together and go out in shared writes.
    const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => note(admin, conversationId, `burst ${i}`).then((r) => r.status)));
    expect(statuses.every((s) => s === 201)).toBe(true);
    await waitFor(
      async () => [websocket, polling, onB].map((c) => notesIn(c).length),
      (n) => n.every((x) => x === 40),
    );
    const ids = websocket.events.map((e) => e.id);
    expect(ids).toHaveLength(80);
    expect(new Set(ids).size).toBe(80);
    expect([...ids].sort(byEventId)).toEqual(ids);
    expect(polling.events).toEqual(websocket.events);
    expect(onB.events).toEqual(websocket.events);
    expect(new Set(notesIn(websocket).map((e) => (e.data as { id: string }).id)).size).toBe(40);
  });

  it('delivers a batch larger than one socket write takes (150 events appended at once) in order', async () => {
    const admin = await signupWorkspace(a, 'Batch');
    const websocket = await connect(urlA, { token: admin.token });
    const polling = await connect(urlB, { token: admin.token }, 'polling');
    const workspaceId = admin.user.workspaceId;
    const at = new Date().toISOString();
    // One append script: the instances read the 150 frames together and write them in several batches.
    await a.app
      .get(EventBus)
      .append(Array.from({ length: 150 }, (_, i) => ({ workspaceId, payload: { type: 'conversation.updated', workspaceId, at, data: { seq: i } } })));
    await waitFor(
      async () => [websocket.events.length, polling.events.length],
      (n) => n.every((x) => x >= 150),
    );
    for (const client of [websocket, polling]) {
      expect(client.events.map((e) => (e.data as { seq: number }).seq)).toEqual(Array.from({ length: 150 }, (_, i) => i));
      expect([...client.events.map((e) => e.id)].sort(byEventId)).toEqual(client.events.map((e) => e.id));
    }
  });

  it('replays exactly the missed events, in order, before live ones', async () => {
    const admin = await signupWorkspace(a, 'Replay');
    const conversationId = await conversationIn(admin);
    const watcher = await connect(urlA, { token: admin.token });
    const flaky = await connect(urlB, { token: admin.token });
    await note(admin, conversationId, 'seen by both');
    await waitFor(
      async () => notesIn(flaky).length,
      (n) => n === 1,
    );
    const lastSeen = flaky.lastId!;
    flaky.close();

    for (const body of ['missed 1', 'missed 2', 'missed 3']) await note(admin, conversationId, body);
    await waitFor(
      async () => notesIn(watcher).length,
      (n) => n === 4,
    );
    const missed = watcher.events.filter((e) => byEventId(e.id, lastSeen) > 0);

    const back = await connect(urlA, { token: admin.token, lastEventId: lastSeen });
    expect(back.events.map((e) => e.id)).toEqual(missed.map((e) => e.id));
    expect(back.events.map((e) => e.type)).toEqual(missed.map((e) => e.type));
    await note(admin, conversationId, 'live after replay');
    await waitFor(
      async () => notesIn(back).length,
      (n) => n === 4,
    );
    const ids = back.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort(byEventId)).toEqual(ids);
  });

  it('loses nothing for connected sockets when an instance loses its bus connection for a while', async () => {
    const admin = await signupWorkspace(a, 'Gap');
    const conversationId = await conversationIn(admin);
    const onB = await connect(urlB, { token: admin.token });
    await note(admin, conversationId, 'before');
    await waitFor(
      async () => notesIn(onB).length,
      (n) => n === 1,
    );
    const redis = new Redis(a.config.redisUrl);
    try {
      // Drops every pub/sub connection (both instances'); what is published until they are back is not delivered by pub/sub.
      await redis.client('KILL', 'TYPE', 'pubsub');
      for (const body of ['during 1', 'during 2', 'during 3']) await note(admin, conversationId, body);
    } finally {
      redis.disconnect();
    }
    await note(admin, conversationId, 'after');
    const got = await waitFor(
      async () => notesIn(onB).length,
      (n) => n >= 5,
    );
    expect(got).toBe(5);
    const ids = onB.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort(byEventId)).toEqual(ids);
  });

  it('tells a client whose last id is older than retention to resync', async () => {
    const admin = await signupWorkspace(a, 'Resync');
    const conversationId = await conversationIn(admin);
    const first = await connect(urlA, { token: admin.token });
    await note(admin, conversationId, 'soon trimmed');
    await waitFor(
      async () => notesIn(first).length,
      (n) => n === 1,
    );
    const old = first.events[0].id;
    const redis = new Redis(a.config.redisUrl);
    try {
      await note(admin, conversationId, 'newer');
      await waitFor(
        async () => notesIn(first).length,
        (n) => n === 2,
      );
      await redis.xtrim(`${a.config.queuePrefix}:events:${admin.user.workspaceId}`, 'MAXLEN', 1);
    } finally {
      redis.disconnect();
    }
    const late = await connect(urlA, { token: admin.token, lastEventId: old });
    expect(late.other.find((o) => o.name === 'resync')?.payload).toMatchObject({ lastEventId: first.lastId });
    expect(late.events).toEqual([]);
    const bogus = await connect(urlA, { token: admin.token, lastEventId: 'not-an-id' });
    expect(bogus.other.map((o) => o.name)).toContain('resync');
  });

  it('serves the same frames over SSE, with id lines and Last-Event-ID replay', async () => {
    const admin = await signupWorkspace(a, 'Sse');
    const conversationId = await conversationIn(admin);
    expect((await a.request('GET', '/api/v1/events')).status).toBe(401);
    const socket = await connect(urlA, { token: admin.token });
    await note(admin, conversationId, 'before');
    await waitFor(
      async () => notesIn(socket).length,
      (n) => n === 1,
    );
    const from = socket.lastId!;
    await note(admin, conversationId, 'missed by sse');
    await waitFor(
      async () => notesIn(socket).length,
      (n) => n === 2,
    );

    const sse = await openSse(`${urlB}/api/v1/events?access_token=${admin.token}`, { 'last-event-id': from });
    try {
      await note(admin, conversationId, 'live over sse');
      await waitFor(
        async () => notesIn(socket).length,
        (n) => n === 3,
      );
      const expected = socket.events.filter((e) => byEventId(e.id, from) > 0);
      const frames = await waitFor(
        async () => sse.frames(),
        (f) => f.length >= expected.length,
      );
      expect(frames.map((f) => f.id)).toEqual(expected.map((e) => e.id));
      expect(frames.map((f) => f.data)).toEqual(expected);
      expect(sse.response.headers['content-type']).toContain('text/event-stream');
    } finally {
      sse.close();
    }
  });

  it('shows who is viewing and typing, and clears it on disconnect', async () => {
    const admin = await signupWorkspace(a, 'Presence');
    const conversationId = await conversationIn(admin);
    const viewer = await connect(urlA, { token: admin.token });
    const observer = await connect(urlB, { token: admin.token });
    const ack = await viewer.socket.emitWithAck('presence', { conversationId, state: 'typing' });
    expect(ack).toEqual({ viewers: [{ userId: admin.user.id, name: admin.user.name, typing: true }] });
    const presence = () => observer.events.filter((e) => e.type === 'presence.updated').map((e) => e.data);
    await waitFor(
      async () => presence(),
      (p) => p.length === 1,
    );
    expect(presence()[0]).toEqual({ conversationId, viewers: [{ userId: admin.user.id, name: admin.user.name, typing: true }] });
    viewer.close();
    await waitFor(
      async () => presence(),
      (p) => p.length === 2,
    );
    expect(presence()[1]).toEqual({ conversationId, viewers: [] });
    expect(await observer.socket.emitWithAck('presence', { conversationId: 'nope', state: 'viewing' })).toMatchObject({
      error: expect.stringContaining('conversationId'),
    });
    const stranger = await signupWorkspace(a, 'Elsewhere');
    const outsider = await connect(urlA, { token: stranger.token });
    expect(await outsider.socket.emitWithAck('presence', { conversationId, state: 'viewing' })).toEqual({ error: 'conversation not found' });
  });

  it('flags a reply sent after one the sender had not seen', async () => {
    const admin = await signupWorkspace(a, 'Collide');
    const account = await createChannelAccount(a, admin.token, 'sms');
    const created = await a.request('POST', '/api/v1/users', {
      token: admin.token,
      body: { name: 'Leo', email: `leo${Date.now()}@collide.test`, password: 'correct horse battery', role: 'operator' },
    });
    const leo = (await a.request('POST', '/api/v1/auth/login', { body: { email: created.body.email, password: 'correct horse battery' } })).body.accessToken;
    const { id } = await insertConversation(a, {
      workspaceId: admin.user.workspaceId,
      channelAccountId: account.id,
      channel: 'sms',
      status: 'human_handling',
      contact: { name: 'Ola', phone: '+15550107788' },
      messages: [{ direction: 'inbound', body: 'Is anyone there?' }],
    });
    const seen = (await a.request('GET', `/api/v1/conversations/${id}/messages`, { token: admin.token })).body.items[0].id;
    const first = await a.request('POST', `/api/v1/conversations/${id}/messages`, { token: leo, body: { body: 'Yes, Leo here.', seenMessageId: seen } });
    expect(first.body.collision).toBeNull();
    const second = await a.request('POST', `/api/v1/conversations/${id}/messages`, {
      token: admin.token,
      body: { body: 'Hi, this is the admin.', seenMessageId: seen },
    });
    expect(second.status).toBe(201);
    expect(second.body.collision).toEqual({
      messageId: first.body.id,
      author: { kind: 'operator', id: created.body.id, name: 'Leo' },
      createdAt: first.body.createdAt,
    });
    const third = await a.request('POST', `/api/v1/conversations/${id}/messages`, {
      token: admin.token,
      body: { body: 'Sorry, go ahead Leo.', seenMessageId: first.body.id },
    });
    expect(third.body.collision).toBeNull();
    const other = await signupWorkspace(a, 'Far');
    expect((await a.request('POST', `/api/v1/conversations/${id}/messages`, { token: other.token, body: { body: 'x', seenMessageId: seen } })).status).toBe(
      404,
    );
    expect((await a.request('POST', `/api/v1/conversations/${id}/messages`, { token: admin.token, body: { body: 'x', seenMessageId: 'nope' } })).status).toBe(
      400,
    );
  });
});

function byEventId(x: string, y: string): number {
  const [xm, xs] = x.split('-').map(BigInt);
  const [ym, ys] = y.split('-').map(BigInt);
  return xm !== ym ? (xm < ym ? -1 : 1) : xs === ys ? 0 : xs < ys ? -1 : 1;
}

/** A raw SSE reader: the frames (`id:` + `data:`) received so far. */
async function openSse(url: string, headers: Record<string, string>) {
  let buffer = '';
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(url, { headers: { accept: 'text/event-stream', ...headers } }, resolve);
    req.on('error', reject);
    req.end();
  });
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => (buffer += chunk));
  return {
    response,
    frames: async () =>
      buffer
        .split('\n\n')
        .filter((block) => block.includes('data: ') && block.includes('id: '))
        .map((block) => {
          const id = /^id: (.*)$/m.exec(block)?.[1];
          const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as RealtimeEvent;
          return { id, data };
        }),
    close: () => response.destroy(),
  };
}

import { randomUUID } from 'node:crypto';
import { createChannelAccount, createTestApp, insertConversation, signupWorkspace, type TestApp } from './harness';

interface Operation {
  method: 'POST' | 'PUT' | 'PATCH' | 'GET';
  path: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema?: { $ref?: string } }> };
}
interface Schema {
  required?: string[];
  properties?: Record<string, { nullable?: boolean; $ref?: string; allOf?: { $ref: string }[] }>;
}

/** Bodies that are not what an endpoint taking a JSON object claims to take. */
const BAD_BODIES: { label: string; contentType: string; payload: string }[] = [
  { label: 'null', contentType: 'application/json', payload: 'null' },
  { label: '1', contentType: 'application/json', payload: '1' },
  { label: '"x"', contentType: 'application/json', payload: '"x"' },
  { label: 'true', contentType: 'application/json', payload: 'true' },
  { label: '[]', contentType: 'application/json', payload: '[]' },
  { label: '[{…}]', contentType: 'application/json', payload: '[{"name":"In an array","reason":"in an array"}]' },
  { label: 'text/plain', contentType: 'text/plain', payload: '{"name":"As text","reason":"as text","state":"paused"}' },
  { label: 'form', contentType: 'application/x-www-form-urlencoded', payload: 'name=As+form&reason=as+form' },
  {
    label: 'multipart',
    contentType: 'multipart/form-data; boundary=XyZ',
    payload: '--XyZ\r\nContent-Disposition: form-data; name="reason"\r\n\r\nas multipart\r\n--XyZ--\r\n',
  },
];

/** Cursors no page of this API ever returned: garbage, wrong shapes, values the database cannot compare. */
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const CRAFTED_CURSORS: [string, string][] = [
  ['garbage', 'not a cursor!!'],
  ['not JSON', b64('hello')],
  ['JSON object', b64({ at: '2026-01-01T00:00:00.000Z' })],
  ['null', b64(null)],
  ['id not a uuid', b64(['2026-01-01T00:00:00.000Z', 'x'])],
  ['at a bare number', b64(['1', randomUUID()])],
  ['at year 0', b64(['0000-01-01T00:00:00.000Z', randomUUID()])],
  ['at beyond PostgreSQL', b64(['+275760-09-13T00:00:00.000Z', randomUUID()])],
  ['rank out of range', b64(['2026-01-01T00:00:00.000Z', randomUUID(), 1e30])],
  ['NUL in id', b64(['2026-01-01T00:00:00.000Z', '\u0000'])],
];

// Each walk sends a few hundred requests.
jest.setTimeout(60_000);

/** Issue 12 point 9: inputs that are not what they claim answer 400 naming the problem, and change nothing. */
describe('input validation', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signupWorkspace>>;
  let paths: Record<string, Record<string, Operation>>;
  let schemas: Record<string, Schema>;
  const ids: Record<string, string> = {};

  let client = 0;
  /** Each request from an address of its own, so the login and signup rate limits never answer first. */
  const send = (method: string, url: string, contentType?: string, payload?: string) => {
    const from = `10.9.${(++client >> 8) & 255}.${client & 255}`;
    const headers = { authorization: `Bearer ${admin.token}`, 'x-forwarded-for': from, ...(contentType ? { 'content-type': contentType } : {}) };
    return t.app.inject({ method: method as 'POST', url, headers, ...(payload !== undefined ? { payload } : {}) });
  };

  /** Every domain table's rows, hashed: equal fingerprints mean nothing was written. */
  const fingerprint = async () => {
    const tables = [
      'workspace',
      'app_user',
      'api_key',
      'channel_account',
      'contact',
      'contact_identity',
      'conversation',
      'message',
      'note',
      'draft',
      'booking',
      'campaign',
      'template',
      'knowledge_article',
      'autonomy_policy',
      'timeline_event',
      'read_marker',
      'attachment',
    ];
    const rows = await t.orm.em
      .getConnection()
      .execute(
        tables.map((name) => `select '${name}' as t, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${name}" x`).join(' union all '),
      );
    return Object.fromEntries(rows.map((r: { t: string; h: string }) => [r.t, r.h]));
  };

  /** A real id for each path parameter, so a request that slipped through would change something. */
  const urlOf = (path: string) =>
    path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const resource = name === 'conversationId' ? 'conversations' : path.split('/')[3];
      return ids[resource] ?? randomUUID();
    });

  const bodyOperations = () =>
    Object.entries(paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => ['post', 'put', 'patch'].includes(method))
        .map(([method, op]) => ({ ...op, method: method.toUpperCase() as Operation['method'], path })),
    );
  const refName = (ref?: string) => ref?.split('/').pop();

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signupWorkspace(t, 'Validation');
    expect((await t.request('PUT', '/api/v1/assistant', { token: admin.token, body: { enabled: false } })).status).toBe(200);
    const doc = (await t.request('GET', '/api/docs-json')).body;
    paths = doc.paths;
    schemas = doc.components.schemas;

    const sms = await createChannelAccount(t, admin.token, 'sms');
    const conversation = await insertConversation(t, {
      workspaceId: admin.user.workspaceId,
      channelAccountId: sms.id,
      channel: 'sms',
      contact: { name: 'Val Idate', phone: '+15557790001' },
      messages: [{ direction: 'inbound', body: 'hello' }],
    });
    const operator = await t.request('POST', '/api/v1/users', {
      token: admin.token,
      body: { email: 'op@validation.test', name: 'Op', password: 'correct horse battery', role: 'operator' },
    });
    const article = await t.request('POST', '/api/v1/knowledge', { token: admin.token, body: { title: 'Hours', body: 'We open at 8.' } });
    const booking = await t.request('POST', `/api/v1/conversations/${conversation.id}/bookings`, {
      token: admin.token,
      body: { externalId: 'JOB-1', jobType: 'repair' },
    });
    Object.assign(ids, {
      'channel-accounts': sms.id,
      conversations: conversation.id,
      contacts: conversation.contactId,
      users: operator.body.id,
      knowledge: article.body.id,
      bookings: booking.body.id,
    });
    expect(Object.values(ids).every(Boolean)).toBe(true);
  });
  afterAll(() => t.close());

  it('finds the routes to walk in the OpenAPI document', () => {
    const operations = bodyOperations();
    expect(operations.length).toBeGreaterThan(30);
    expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining(['PATCH /api/v1/contacts/{id}', 'POST /api/v1/contacts/{id}/ai-pause', 'PUT /api/v1/autonomy', 'POST /api/v1/conversations']),
    );
  });

  it('answers 400 to every POST, PUT and PATCH whose body is not a JSON object, and changes nothing', async () => {
    const before = await fingerprint();
    const wrong: string[] = [];
    for (const op of bodyOperations()) {
      for (const bad of BAD_BODIES) {
        const res = await send(op.method, urlOf(op.path), bad.contentType, bad.payload);
        const body = res.headers['content-type']?.toString().includes('json') ? res.json() : {};
        if (res.statusCode !== 400 || body.error !== 'Bad Request' || typeof body.message !== 'string' || !body.message) {
          wrong.push(`${op.method} ${op.path} ${bad.label} → ${res.statusCode} ${res.body.slice(0, 80)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint()).toEqual(before);
  });

  it('names the problem: the body must be a JSON object, sent as application/json', async () => {
    const array = await send('PATCH', `/api/v1/contacts/${ids['contacts']}`, 'application/json', '[]');
    expect(array.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/JSON object/), details: [{ field: 'body' }] });
    const text = await send('PATCH', `/api/v1/contacts/${ids['contacts']}`, 'text/plain', '{"name":"x"}');
    expect(text.json()).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringMatching(/application\/json/),
      details: [{ field: 'body' }],
    });
  });

  it('does not pause the assistant for a contact when ai-pause comes as text/plain', async () => {
    const res = await send('POST', `/api/v1/contacts/${ids['contacts']}/ai-pause`, 'text/plain', '{"reason":"typed as text"}');
    expect(res.statusCode).toBe(400);
    const contact = await t.request('GET', `/api/v1/contacts/${ids['contacts']}`, { token: admin.token });
    expect(contact.body.aiPaused).toBe(false);
    // Without any body it still works: the reason is optional.
    expect((await send('POST', `/api/v1/contacts/${ids['contacts']}/ai-pause`)).statusCode).toBe(200);
    expect((await send('POST', `/api/v1/contacts/${ids['contacts']}/ai-resume`)).statusCode).toBe(200);
  });

  it('answers 400 naming the field for null in every optional field not documented nullable', async () => {
    const wrong: string[] = [];
    const check = async (op: Operation, body: Record<string, unknown>, field: string, nullable: boolean) => {
      const res = await send(op.method, urlOf(op.path), 'application/json', JSON.stringify(body));
      const named = res.statusCode === 400 && (res.json().details ?? []).some((d: { field: string }) => d.field === field);
      if (res.statusCode >= 500 || named === nullable) wrong.push(`${op.method} ${op.path} ${field}: null → ${res.statusCode} ${res.body.slice(0, 100)}`);
    };
    for (const op of bodyOperations()) {
      const schema = schemas[refName(op.requestBody?.content['application/json']?.schema?.$ref) ?? ''];
      for (const [name, prop] of Object.entries(schema?.properties ?? {})) {
        await check(op, { [name]: null }, name, Boolean(prop.nullable));
        const nested = schemas[refName(prop.$ref ?? prop.allOf?.[0]?.$ref) ?? ''];
        for (const [inner, innerProp] of Object.entries(nested?.properties ?? {})) {
          await check(op, { [name]: { [inner]: null } }, `${name}.${inner}`, Boolean(innerProp.nullable));
        }
      }
    }
    expect(wrong).toEqual([]);
    // Documented nullable: null clears it.
    const cleared = await t.request('PATCH', '/api/v1/workspace', {
      token: admin.token,
      body: { settings: { bookingUrlTemplate: null, followUpHours: null } },
    });
    expect(cleared.status).toBe(200);
  });

  it('answers 400 naming contact for POST /conversations without a usable contact', async () => {
    for (const contact of [undefined, null, 'Ann', [], [{ name: 'Ann' }], 1]) {
      const res = await t.request('POST', '/api/v1/conversations', {
        token: admin.token,
        body: { channelAccountId: ids['channel-accounts'], body: 'Hello', ...(contact !== undefined ? { contact } : {}) },
      });
      expect([JSON.stringify(contact), res.status]).toEqual([JSON.stringify(contact), 400]);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('contact');
    }
  });

  it('answers 400 invalid cursor to a crafted cursor on every list', async () => {
    const lists = Object.entries(paths)
      .filter(([, ops]) => ops['get']?.parameters?.some((p) => p.in === 'query' && p.name === 'cursor'))
      .map(([path]) => path);
    expect(lists).toEqual(
      expect.arrayContaining([
        '/api/v1/conversations',
        '/api/v1/contacts',
        '/api/v1/conversations/{conversationId}/messages',
        '/api/v1/drafts',
        '/api/v1/knowledge',
      ]),
    );
    const wrong: string[] = [];
    for (const path of lists) {
      for (const requiresAction of [false, true]) {
        if (requiresAction && path !== '/api/v1/conversations') continue;
        for (const [label, cursor] of CRAFTED_CURSORS) {
          const res = await send('GET', `${urlOf(path)}?cursor=${encodeURIComponent(cursor)}${requiresAction ? '&requiresAction=true' : ''}`);
          const body = res.json();
          if (
            res.statusCode !== 400 ||
            !(body.details ?? []).some((d: { field: string; errors: string[] }) => d.field === 'cursor' && d.errors.includes('invalid cursor'))
          ) {
            wrong.push(`${path}${requiresAction ? ' (requiresAction)' : ''} ${label} → ${res.statusCode} ${res.body.slice(0, 80)}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

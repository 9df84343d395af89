import { createTestApp, signupWorkspace, type TestApp } from './harness';

describe('operations: health, metrics, OpenAPI, HTTP edge cases', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers /health without auth', async () => {
    const res = await t.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    // Not under the API prefix.
    expect((await t.request('GET', '/api/v1/health')).status).toBe(404);
  });

  it('reports database and Redis up on /health/ready', async () => {
    const res = await t.request('GET', '/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.database.status).toBe('up');
    expect(res.body.details.redis.status).toBe('up');
  });

  it('answers 503 naming Redis when it is unreachable', async () => {
    // Workers inline (the default): shutting down must not wait on the unreachable Redis either.
    const broken = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const started = Date.now();
      const res = await broken.request('GET', '/health/ready');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      expect(res.body.message).toMatch(/redis/i);
      expect(res.body.message).not.toMatch(/database/i);
      expect(res.body.details.redis.status).toBe('down');
      expect(res.body.details.database.status).toBe('up');
      // Liveness does not depend on Redis.
      expect((await broken.request('GET', '/health')).status).toBe(200);
    } finally {
      const closing = Date.now();
      await broken.close();
      expect(Date.now() - closing).toBeLessThan(5000);
    }
  });

  it('serves Prometheus metrics without auth', async () => {
    await t.request('GET', '/health');
    await t.request('GET', '/api/v1/me');
    const res = await t.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/plain/);
    const text = res.body as unknown as string;
    expect(text).toContain('parley_http_request_duration_seconds');
    expect(text).toContain('parley_queue_jobs');
    expect(text).toContain('parley_outbox_lag_seconds');
    // Observed by route template, with the status code.
    expect(text).toMatch(/parley_http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/me"[^}]*status="401"[^}]*\} [1-9]/);
    expect(text).toMatch(/parley_queue_jobs\{queue="[^"]+",state="waiting"\} \d+/);
    expect(text).toMatch(/^parley_outbox_lag_seconds \d/m);
  });

  it('publishes the OpenAPI document and the docs page', async () => {
    const res = await t.request('GET', '/api/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const paths = Object.keys(res.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/v1/conversations', '/api/v1/auth/login', '/api/v1/channel-accounts/{id}', '/api/v1/knowledge', '/api/v1/autonomy']),
    );
    expect(res.body.paths['/api/v1/channel-accounts/{id}']).toHaveProperty('patch');
    expect(res.body.components.securitySchemes).toHaveProperty('bearer');

    const page = await t.request('GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toContain('text/html');
    expect(page.body as unknown as string).toMatch(/swagger/i);
  });

  it('answers 413 in the error shape for a body over 1 MB', async () => {
    const body = JSON.stringify({ email: 'big@example.test', password: 'x'.repeat(1024 * 1024 + 10) });
    const res = await t.request('POST', '/api/v1/auth/login', { body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: expect.any(String) });
  });

  it('answers 400 in the error shape for malformed JSON', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', { body: '{"email": "a@b.test", ', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
  });

  it('answers 404 in the error shape for an unknown route', async () => {
    const anonymous = await t.request('GET', '/api/v1/no-such-thing');
    expect(anonymous.status).toBe(404);
    expect(anonymous.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String) });

    const admin = await signupWorkspace(t, 'Ops');
    const authed = await t.request('DELETE', '/api/v1/no-such-thing/123', { token: admin.token });
    expect(authed.status).toBe(404);
    expect(authed.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
    expect((await t.request('GET', '/nowhere')).body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});

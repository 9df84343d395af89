import { KnowledgeSearchService } from '@parley/core/testing';
import { createTestApp, signupWorkspace, type TestApp } from './harness';

describe('knowledge search for the assistant', () => {
  let t: TestApp;
  let ws: string;
  let other: string;
  beforeAll(async () => {
    t = await createTestApp();
    const admin = await signupWorkspace(t, 'Knowledge');
    ws = admin.user.workspaceId;
    const articles = [
      { title: 'Opening hours', body: 'We are open Monday to Friday 8am to 6pm and Saturday 9am to 1pm.' },
      { title: 'Pricing for a standard visit', body: 'A standard service visit costs $89 including the first 30 minutes of labour.' },
      { title: 'Cancellation policy', body: 'Cancel free of charge up to 24 hours before the visit.', published: false },
    ];
    for (const a of articles) await t.request('POST', '/api/v1/knowledge', { token: admin.token, body: a });
    const intruder = await signupWorkspace(t, 'Elsewhere');
    other = intruder.user.workspaceId;
    await t.request('POST', '/api/v1/knowledge', { token: intruder.token, body: { title: 'Opening hours', body: 'Secret hours of another company.' } });
  });
  afterAll(() => t.close());

  it('ranks the article that answers the question first, within the workspace, published only', async () => {
    const search = t.app.get(KnowledgeSearchService);
    const hits = await search.search(ws, 'What time do you open on Saturday?');
    expect(hits[0]).toMatchObject({ title: 'Opening hours' });
    expect(hits[0]!.score).toBeGreaterThan(0);
    expect(hits.map((h) => h.body).join(' ')).not.toContain('Secret hours');
    expect((await search.search(ws, 'how much does a visit cost'))[0]).toMatchObject({ title: 'Pricing for a standard visit' });
    expect(await search.search(ws, 'can I cancel my appointment')).toEqual([]);
    expect((await search.search(other, 'opening hours'))[0]!.body).toBe('Secret hours of another company.');
  });

  it('falls back to title similarity for typos', async () => {
    const hits = await t.app.get(KnowledgeSearchService).search(ws, 'openin hourz');
    expect(hits[0]).toMatchObject({ title: 'Opening hours' });
  });

  it('finds nothing for an unrelated question', async () => {
    expect(await t.app.get(KnowledgeSearchService).search(ws, 'Do you sell garden furniture?')).toEqual([]);
  });
});

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { FileDeletionService, FileStorage } from '@parley/core/testing';
import { createTestApp, insertConversation, signupWorkspace, TwilioApiDouble, type TestApp } from './harness';

/** A real 1×1 PNG: stored types are checked against the bytes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

describe('deleting a conversation deletes its files', () => {
  let t: TestApp;
  let twilio: TwilioApiDouble;
  let admin: Awaited<ReturnType<typeof signupWorkspace>>;
  let other: Awaited<ReturnType<typeof signupWorkspace>>;
  let accountId: string;
  let phone = 15557810000;

  const sql = <T = any>(query: string, params: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(query, params);
  const fileOf = async (attachmentId: string) => {
    const [row] = await sql<{ storage_key: string }>('select storage_key from attachment where id = ?', [attachmentId]);
    return join(t.config.dataDir, 'attachments', row.storage_key);
  };
  const pendingDeletions = async () => Number((await sql<{ n: string }>('select count(*) as n from file_deletion'))[0].n);

  const upload = async (token: string, name: string): Promise<string> => {
    const form = new FormData();
    form.append('file', new Blob([PNG], { type: 'image/png' }), name);
    const response = new Response(form);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: { authorization: `Bearer ${token}`, 'content-type': response.headers.get('content-type') as string },
      payload: Buffer.from(await response.arrayBuffer()),
    });
    expect(res.statusCode).toBe(201);
    return res.json().id;
  };

  /** A conversation with 7 attachments sent in 3 messages; returns it and the files' paths. */
  const conversationWithFiles = async (): Promise<{ id: string; files: string[]; attachmentIds: string[] }> => {
    const { id } = await insertConversation(t, {
      workspaceId: admin.user.workspaceId,
      channelAccountId: accountId,
      channel: 'sms',
      contact: { name: 'Pat', phone: `+${phone++}` },
      messages: [{ direction: 'inbound', body: 'photos of the leak?' }],
    });
    const ids: string[] = [];
    for (const count of [3, 2, 2]) {
      const batch = [];
      for (let i = 0; i < count; i++) batch.push(await upload(admin.token, `photo-${ids.length + i}.png`));
      const sent = await t.request('POST', `/api/v1/conversations/${id}/messages`, { token: admin.token, body: { body: 'Here', attachmentIds: batch } });
      expect(sent.status).toBe(201);
      ids.push(...batch);
    }
    const files = await Promise.all(ids.map(fileOf));
    expect(files.filter((f) => existsSync(f))).toHaveLength(7);
    return { id, files, attachmentIds: ids };
  };

  beforeAll(async () => {
    twilio = await new TwilioApiDouble().start();
    t = await createTestApp({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' });
    admin = await signupWorkspace(t, 'Files');
    other = await signupWorkspace(t, 'Elsewhere');
    const account = await t.request('POST', '/api/v1/channel-accounts', {
      token: admin.token,
      body: {
        plugin: 'twilio-sms',
        name: 'Main line',
        config: { accountSid: twilio.accountSid, authToken: twilio.authToken, fromNumber: '+15550009999', apiBaseUrl: twilio.url },
      },
    });
    expect(account.status).toBe(201);
    accountId = account.body.id;
    // The sweeps below run when the test says (the periodic one would race its assertions).
    await t.app.get(FileDeletionService).stop();
  });
  afterAll(async () => {
    await t.close();
    await twilio.stop();
  });
  afterEach(() => jest.restoreAllMocks());

  it('DELETE removes the 7 files from DATA_DIR and leaves no deletion rows', async () => {
    const { id, files, attachmentIds } = await conversationWithFiles();
    expect((await t.request('DELETE', `/api/v1/conversations/${id}`, { token: admin.token })).status).toBe(204);
    expect(files.filter((f) => existsSync(f))).toEqual([]);
    expect(await pendingDeletions()).toBe(0);
    expect(await sql(`select id from attachment where id in (${attachmentIds.map(() => '?').join(', ')})`, attachmentIds)).toEqual([]);
  });

  it("another workspace's conversation id answers 404 and deletes nothing", async () => {
    const { id, files } = await conversationWithFiles();
    expect((await t.request('DELETE', `/api/v1/conversations/${id}`, { token: other.token })).status).toBe(404);
    expect(files.filter((f) => existsSync(f))).toHaveLength(7);
    expect(await pendingDeletions()).toBe(0);
    expect((await t.request('GET', `/api/v1/conversations/${id}`, { token: admin.token })).status).toBe(200);
  });

  it('an unlink that fails after the commit leaves a row, and the sweeper finishes the job', async () => {
    const { id, files } = await conversationWithFiles();
    // The disk refuses once (EIO), after the transaction committed.
    const storage = t.app.get(FileStorage);
    jest.spyOn(storage, 'remove').mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, unlink'), { code: 'EIO' }));
    expect((await t.request('DELETE', `/api/v1/conversations/${id}`, { token: admin.token })).status).toBe(204);
    expect(files.filter((f) => existsSync(f))).toHaveLength(1);
    const [row] = await sql('select workspace_id, storage_key, attempts, last_error from file_deletion');
    expect(row).toMatchObject({ workspace_id: admin.user.workspaceId, attempts: 1, last_error: expect.stringContaining('EIO') });
    expect(await pendingDeletions()).toBe(1);

    await t.app.get(FileDeletionService).sweep();
    expect(files.filter((f) => existsSync(f))).toEqual([]);
    expect(await pendingDeletions()).toBe(0);
  });

  it('a crash between the commit and the unlink leaves rows that the sweeper removes, with their files', async () => {
    const { id, files } = await conversationWithFiles();
    // Another process commits the delete and dies before unlinking: its transaction is all that happened.
    const db = new Client({ connectionString: t.config.databaseUrl });
    await db.connect();
    try {
      await db.query('begin');
      await db.query('delete from conversation where id = $1', [id]);
      await db.query('commit');
    } finally {
      await db.end();
    }
    expect(files.filter((f) => existsSync(f))).toHaveLength(7);
    expect(await pendingDeletions()).toBe(7);
    // A file already gone counts as deleted.
    const { unlinkSync } = await import('node:fs');
    unlinkSync(files[0]);

    // Every instance sweeps: two at once share the rows (SKIP LOCKED), each file once.
    const sweeps = await Promise.all([t.app.get(FileDeletionService).sweep(), t.app.get(FileDeletionService).sweep()]);
    expect(sweeps[0].removed + sweeps[1].removed).toBe(7);
    expect(files.filter((f) => existsSync(f))).toEqual([]);
    expect(await pendingDeletions()).toBe(0);
  });

  it('sweeps uploads never attached to a message after 24 h, and keeps fresh ones and sent ones', async () => {
    const stale = await upload(admin.token, 'forgotten.png');
    const fresh = await upload(admin.token, 'just-now.png');
    const { id, files } = await conversationWithFiles();
    const [staleFile, freshFile] = [await fileOf(stale), await fileOf(fresh)];
    await sql(
      "update attachment set created_at = now() - interval '25 hours' where id = ? or message_id in (select id from message where conversation_id = ?)",
      [stale, id],
    );

    await t.app.get(FileDeletionService).sweep();
    expect(existsSync(staleFile)).toBe(false);
    expect(await sql('select id from attachment where id = ?', [stale])).toEqual([]);
    expect(existsSync(freshFile)).toBe(true);
    expect(await sql('select id from attachment where id = ?', [fresh])).toHaveLength(1);
    expect(files.filter((f) => existsSync(f))).toHaveLength(7);
    expect(await pendingDeletions()).toBe(0);
    // The fresh upload is still usable.
    const sent = await t.request('POST', `/api/v1/conversations/${id}/messages`, { token: admin.token, body: { attachmentIds: [fresh] } });
    expect(sent.status).toBe(201);
  });

  it('every path that deletes attachment rows records their files (a cascade from the workspace too)', async () => {
    const third = await signupWorkspace(t, 'Leaving');
    const orphanable = await upload(third.token, 'bye.png');
    const file = await fileOf(orphanable);
    await sql('delete from workspace where id = ?', [third.user.workspaceId]);
    expect(await pendingDeletions()).toBe(1);
    await t.app.get(FileDeletionService).sweep();
    expect(existsSync(file)).toBe(false);
    expect(await pendingDeletions()).toBe(0);
  });
});

import { createChannelAccount, createTestApp, insertConversation, signupWorkspace, type TestApp } from './harness';

const multipart = async (file: Blob, filename: string, field = 'file') => {
  const form = new FormData();
  form.append(field, file, filename);
  const response = new Response(form);
  return { payload: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type') as string };
};

describe('attachments', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signupWorkspace>>;
  const upload = async (token: string, blob: Blob, filename: string, field = 'file') => {
    const { payload, contentType } = await multipart(blob, filename, field);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      payload,
    });
    return { status: res.statusCode, body: res.json() };
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signupWorkspace(t, 'Files');
  });
  afterAll(() => t.close());

  it('stores an upload and serves it back to its workspace only', async () => {
    const res = await upload(admin.token, new Blob(['%PDF-1.4 quote'], { type: 'application/pdf' }), 'quote.pdf');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ filename: 'quote.pdf', contentType: 'application/pdf', size: 14, url: `/api/v1/attachments/${res.body.id}` });
    const file = await t.app.inject({ method: 'GET', url: res.body.url, headers: { authorization: `Bearer ${admin.token}` } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.body).toBe('%PDF-1.4 quote');
    const other = await signupWorkspace(t, 'Other');
    expect((await t.app.inject({ method: 'GET', url: res.body.url, headers: { authorization: `Bearer ${other.token}` } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: res.body.url })).statusCode).toBe(401);
  });

  it('takes a voice note as browsers record it (Opus in WebM, audio/webm;codecs=opus)', async () => {
    // The EBML header of a WebM file, then filler: what MediaRecorder's first chunk starts with.
    const webm = Buffer.concat([
      Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81, 0x04, 0x42, 0xf3, 0x81, 0x08]),
      Buffer.from([0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d, 0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02]),
      Buffer.alloc(64),
    ]);
    const res = await upload(admin.token, new Blob([webm], { type: 'audio/webm;codecs=opus' }), 'voice-note.webm');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ contentType: 'audio/webm', filename: 'voice-note.webm' });
  });

  it('refuses types outside the list (415), oversized files (413) and a wrong field (400)', async () => {
    expect((await upload(admin.token, new Blob(['#!/bin/sh'], { type: 'application/x-sh' }), 'run.sh')).status).toBe(415);
    expect((await upload(admin.token, new Blob([new Uint8Array(26 * 1024 * 1024)], { type: 'image/png' }), 'huge.png')).status).toBe(413);
    expect((await upload(admin.token, new Blob(['x'], { type: 'text/plain' }), 'a.txt', 'document')).status).toBe(400);
    const notMultipart = await t.request('POST', '/api/v1/attachments', { token: admin.token, body: { file: 'x' } });
    expect(notMultipart.status).toBe(400);
  });

  it('sends an uploaded file with a message, within what the channel carries', async () => {
    const sms = await createChannelAccount(t, admin.token, 'sms');
    const { id: conversationId } = await insertConversation(t, {
      workspaceId: admin.user.workspaceId,
      channelAccountId: sms.id,
      channel: 'sms',
      contact: { name: 'Pat', phone: '+15557670001' },
      messages: [{ direction: 'inbound', body: 'photo?' }],
    });
    // A file's type is what its bytes are: a PNG signature, then anything.
    const photo = await upload(
      admin.token,
      new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'png bytes'], { type: 'image/png' }),
      'photo.png',
    );
    const pdf = await upload(admin.token, new Blob(['%PDF'], { type: 'application/pdf' }), 'doc.pdf');
    // Twilio MMS carries images, not PDFs.
    expect(
      (await t.request('POST', `/api/v1/conversations/${conversationId}/messages`, { token: admin.token, body: { attachmentIds: [pdf.body.id] } })).status,
    ).toBe(422);
    const sent = await t.request('POST', `/api/v1/conversations/${conversationId}/messages`, {
      token: admin.token,
      body: { body: 'Here', attachmentIds: [photo.body.id] },
    });
    expect(sent.status).toBe(201);
    expect(sent.body.attachments).toEqual([expect.objectContaining({ id: photo.body.id, filename: 'photo.png' })]);
    // An attachment goes out once: reusing it is refused.
    expect(
      (await t.request('POST', `/api/v1/conversations/${conversationId}/messages`, { token: admin.token, body: { attachmentIds: [photo.body.id] } })).status,
    ).toBe(404);
  });
});

import type { DeliveryStatus } from '@parley/contracts';
import type { ConformanceHost } from '@parley/plugin-sdk/testing';
import { v7 as uuidv7 } from 'uuid';
import { insertConversation } from './fixtures';
import { signupWorkspace, type TestApp } from './test-app';
import { waitFor } from './wait-for';

/** The conformance kit's host: a fresh workspace on the real app, webhooks through Fastify's router. */
export async function createConformanceHost(t: TestApp, pluginId: string): Promise<ConformanceHost> {
  const admin = await signupWorkspace(t, `Conformance ${pluginId}`);
  const conn = () => t.orm.em.getConnection();
  const count = async (sql: string, params: unknown[]) => Number((await conn().execute(sql, params))[0].n);

  return {
    createAccount: (config) =>
      t.request('POST', '/api/v1/channel-accounts', { token: admin.token, body: { plugin: pluginId, name: `${pluginId} conformance`, config } }),
    async readAccount(id) {
      const one = await t.request('GET', `/api/v1/channel-accounts/${id}`, { token: admin.token });
      const list = await t.request('GET', '/api/v1/channel-accounts', { token: admin.token });
      return { one: one.body, list: list.body };
    },
    countAccounts: () => count('select count(*) as n from channel_account where workspace_id = ?', [admin.user.workspaceId]),
    async webhook(accountId, call) {
      const res = await t.app.inject({
        method: (call.method ?? 'POST') as 'POST',
        url: `/webhooks/${pluginId}/${accountId}${call.subPath ?? ''}`,
        headers: call.headers,
        payload: call.body,
      });
      return { status: res.statusCode, body: res.body };
    },
    countMessages: (accountId) => count("select count(*) as n from message where channel_account_id = ? and direction = 'inbound'", [accountId]),
    async seedSentMessage(accountId, providerMessageId) {
      const [account] = await conn().execute('select workspace_id, channel from channel_account where id = ?', [accountId]);
      const { id } = await insertConversation(t, {
        workspaceId: account.workspace_id,
        channelAccountId: accountId,
        channel: account.channel,
        contact: {
          name: 'Status check',
          phone: `+1555${Math.floor(Math.random() * 1e7)
            .toString()
            .padStart(7, '0')}`,
          email: `status-${uuidv7()}@example.test`,
        },
      });
      await conn().execute(
        `insert into message (id, workspace_id, conversation_id, channel_account_id, direction, author_kind, body, delivery_status, provider_message_id)
         values (?, ?, ?, ?, 'outbound', 'operator', 'status check', 'sent', ?)`,
        [uuidv7(), account.workspace_id, id, accountId, providerMessageId],
      );
    },
    async deliveryStatus(accountId, providerMessageId) {
      const [row] = await conn().execute('select delivery_status from message where channel_account_id = ? and provider_message_id = ?', [
        accountId,
        providerMessageId,
      ]);
      return (row?.delivery_status as DeliveryStatus | undefined) ?? null;
    },
    async sendAttachment(accountId, file) {
      const [latest] = await conn().execute(
        "select conversation_id from message where channel_account_id = ? and direction = 'inbound' order by created_at desc limit 1",
        [accountId],
      );
      if (!latest) throw new Error(`no inbound message on account ${accountId}: send one first`);
      const conversation = { id: latest.conversation_id as string };
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file.data)], { type: file.contentType }), file.filename);
      const multipart = new Request('http://conformance.test/', { method: 'POST', body: form });
      const upload = await t.app.inject({
        method: 'POST',
        url: '/api/v1/attachments',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': multipart.headers.get('content-type') ?? '' },
        payload: Buffer.from(await multipart.arrayBuffer()),
      });
      if (upload.statusCode !== 201) throw new Error(`upload of ${file.contentType} refused: ${upload.statusCode} ${upload.body}`);
      const sent = await t.request('POST', `/api/v1/conversations/${conversation.id}/messages`, {
        token: admin.token,
        body: { body: `attachment check ${file.contentType}`, attachmentIds: [upload.json().id] },
      });
      if (sent.status !== 201) throw new Error(`reply with ${file.contentType} refused: ${sent.status} ${JSON.stringify(sent.body)}`);
      const message = await waitFor(
        async () =>
          (await t.request('GET', `/api/v1/conversations/${conversation.id}/messages?limit=200`, { token: admin.token })).body.items.find(
            (m: { id: string }) => m.id === sent.body.id,
          ),
        (m) => m !== undefined && m.deliveryStatus !== 'queued',
        15_000,
      );
      return { deliveryStatus: message.deliveryStatus, error: message.error ?? null };
    },
  };
}

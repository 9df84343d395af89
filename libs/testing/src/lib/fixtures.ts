import { MikroORM } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import type { ChannelKind, ConversationStatus, ReplyState } from '@parley/contracts';
import type { AuthResult } from '@parley/contracts';
import { signupWorkspace, type TestApp } from './test-app';

export interface ConversationFixture {
  workspaceId: string;
  channelAccountId: string;
  channel: ChannelKind;
  contact: { name: string; phone?: string; email?: string; id?: string };
  status?: ConversationStatus;
  assigneeId?: string | null;
  lastActivityAt?: Date;
  /** Messages in order; inbound ones set the conversation's last inbound time. */
  messages?: { direction: 'inbound' | 'outbound'; body: string; at?: Date }[];
  archived?: boolean;
  campaignId?: string | null;
  pendingDrafts?: number;
  replyState?: ReplyState;
  optedOut?: boolean;
}

/**
 * Inserts a conversation as ingest would leave it, for states the API cannot create by itself yet
 * (inbound messages arrive through channel webhooks).
 */
export async function insertConversation(t: TestApp | { orm: MikroORM }, f: ConversationFixture): Promise<{ id: string; contactId: string }> {
  const conn = t.orm.em.getConnection();
  const contactId = f.contact.id ?? uuidv7();
  if (!f.contact.id) {
    await conn.execute('insert into contact (id, workspace_id, name, phone, email, opted_out_channels) values (?, ?, ?, ?, ?, ?)', [
      contactId,
      f.workspaceId,
      f.contact.name,
      f.contact.phone ?? null,
      f.contact.email ?? null,
      f.optedOut ? `{${f.channel}}` : '{}',
    ]);
    const address = f.channel === 'email' ? f.contact.email : f.contact.phone;
    if (address) {
      await conn.execute('insert into contact_identity (id, workspace_id, contact_id, channel, address) values (?, ?, ?, ?, ?)', [
        uuidv7(),
        f.workspaceId,
        contactId,
        f.channel,
        address,
      ]);
    }
  }
  const id = uuidv7();
  const messages = f.messages ?? [];
  const at = f.lastActivityAt ?? messages[messages.length - 1]?.at ?? new Date();
  const lastInbound = [...messages].reverse().find((m) => m.direction === 'inbound');
  const last = messages[messages.length - 1];
  await conn.execute(
    `insert into conversation (id, workspace_id, contact_id, channel_account_id, channel, status, assignee_id, last_activity_at, last_inbound_at,
       last_message_preview, archived, campaign_id, pending_drafts, reply_state)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      f.workspaceId,
      contactId,
      f.channelAccountId,
      f.channel,
      f.status ?? 'ai_handling',
      f.assigneeId ?? null,
      at,
      lastInbound ? (lastInbound.at ?? at) : null,
      last?.body ?? null,
      f.archived ?? false,
      f.campaignId ?? null,
      f.pendingDrafts ?? 0,
      f.replyState ?? (last?.direction === 'inbound' ? 'awaiting_reply' : last ? 'replied' : 'new'),
    ],
  );
  for (const [i, m] of messages.entries()) {
    await conn.execute(
      `insert into message (id, workspace_id, conversation_id, channel_account_id, direction, author_kind, body, delivery_status, provider_message_id, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        uuidv7(),
        f.workspaceId,
        id,
        f.channelAccountId,
        m.direction,
        m.direction === 'inbound' ? 'contact' : 'ai',
        m.body,
        m.direction === 'inbound' ? 'received' : 'delivered',
        `fixture-${id}-${i}`,
        m.at ?? new Date(at.getTime() - (messages.length - i) * 1000),
      ],
    );
  }
  return { id, contactId };
}

/** A Twilio SMS (or other) channel account through the public API, as an admin would create it. */
export async function createChannelAccount(
  t: TestApp,
  token: string,
  kind: 'sms' | 'whatsapp' | 'email' = 'sms',
  name = `${kind} account`,
): Promise<{ id: string; channel: ChannelKind }> {
  const configs = {
    sms: { plugin: 'twilio-sms', config: { accountSid: `AC${'a1'.repeat(16)}`, authToken: 'secret-token', fromNumber: '+15550009999' } },
    whatsapp: { plugin: 'whatsapp-cloud', config: { phoneNumberId: '1234567890', accessToken: 'wa-token', appSecret: 'wa-secret', verifyToken: 'wa-verify' } },
    email: { plugin: 'email', config: { address: 'support@example.test', smtp: { host: '127.0.0.1', port: 2525, secure: false } } },
  } as const;
  const res = await t.request('POST', '/api/v1/channel-accounts', { token, body: { name, ...configs[kind] } });
  if (res.status !== 201) throw new Error(`channel account failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export type AutonomyLevel = 'full' | 'controlled' | 'assisted';

/** Knowledge the built-in rules provider answers from (opening hours, boiler servicing). */
export const DESK_ARTICLES = [
  {
    title: 'Boiler servicing',
    body: 'We service all major boiler brands. Our engineers work weekends too: Saturday and Sunday visits are available. A standard service takes about an hour and includes a safety check.',
  },
  { title: 'Opening hours', body: 'Our office is open Monday to Friday, 8am to 6pm. Emergency call-outs run around the clock.' },
];

/**
 * A new workspace answering SMS on a Twilio line (a local double's API), with the assistant at `level`
 * and a knowledge base: what the assistant and fault tests start from.
 */
export async function smsDesk(
  t: TestApp,
  twilioApi: { accountSid: string; url: string },
  options: { authToken: string; fromNumber: string; level: AutonomyLevel; name?: string; articles?: { title: string; body: string }[] },
): Promise<{ admin: AuthResult & { token: string }; accountId: string; webhookUrl: string }> {
  const admin = await signupWorkspace(t, options.name ?? 'Desk');
  const account = await t.request('POST', '/api/v1/channel-accounts', {
    token: admin.token,
    body: {
      plugin: 'twilio-sms',
      name: 'Main line',
      config: { accountSid: twilioApi.accountSid, authToken: options.authToken, fromNumber: options.fromNumber, apiBaseUrl: twilioApi.url },
    },
  });
  if (account.status !== 201) throw new Error(`channel account failed: ${account.status} ${JSON.stringify(account.body)}`);
  const policy = (await t.request('GET', '/api/v1/autonomy', { token: admin.token })).body;
  const put = await t.request('PUT', '/api/v1/autonomy', { token: admin.token, body: { ...policy, level: options.level } });
  if (put.status !== 200) throw new Error(`autonomy failed: ${put.status} ${JSON.stringify(put.body)}`);
  for (const article of options.articles ?? DESK_ARTICLES) {
    const res = await t.request('POST', '/api/v1/knowledge', { token: admin.token, body: article });
    if (res.status !== 201) throw new Error(`knowledge article failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { admin, accountId: account.body.id, webhookUrl: account.body.webhookUrl };
}

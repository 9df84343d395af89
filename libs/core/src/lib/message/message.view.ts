import type { AttachmentView, MessageView } from '@parley/contracts';
import type { Message } from './message.entity';
import type { Attachment } from './attachment.entity';

export const toAttachmentView = (a: Attachment): AttachmentView => ({
  id: a.id,
  filename: a.filename,
  contentType: a.contentType,
  size: a.size,
  url: `/api/v1/attachments/${a.id}`,
  ...(a.contentId ? { contentId: a.contentId } : {}),
});

export const toMessageView = (m: Message, attachments: Attachment[] = []): MessageView => ({
  id: m.id,
  conversationId: m.conversation,
  direction: m.direction,
  author: { kind: m.authorKind, ...(m.authorId ? { id: m.authorId } : {}), ...(m.authorName ? { name: m.authorName } : {}) },
  body: m.body,
  html: m.html,
  subject: m.subject,
  attachments: attachments.map(toAttachmentView),
  channelAccountId: m.channelAccount,
  deliveryStatus: m.deliveryStatus,
  intent: m.intent,
  aiGenerated: m.aiGenerated,
  templateId: m.templateId,
  retryOf: m.retryOf ?? null,
  ...(m.recipients?.length ? { recipients: m.recipients } : {}),
  error: m.errorCode || m.errorMessage ? { code: m.errorCode, message: m.errorMessage ?? '' } : null,
  createdAt: m.createdAt.toISOString(),
});

/** A `message` row as the SQL paths read it (`returning *`), and its attachments' rows. */
export interface MessageRow {
  id: string;
  conversation_id: string;
  channel_account_id: string;
  direction: Message['direction'];
  author_kind: Message['authorKind'];
  author_id: string | null;
  author_name: string | null;
  body: string | null;
  html: string | null;
  subject: string | null;
  delivery_status: Message['deliveryStatus'];
  intent: string | null;
  ai_generated: boolean;
  template_id: string | null;
  retry_of?: string | null;
  recipients?: { address: string; name?: string }[] | null;
  error_code: string | null;
  error_message: string | null;
  created_at: Date;
}
export interface AttachmentRow {
  id: string;
  message_id: string;
  filename: string;
  content_type: string;
  size: number;
  content_id?: string | null;
}

/** The same view as `toMessageView`, from rows: what `message.*` frames carry on the SQL paths. */
export const rowToMessageView = (r: MessageRow, attachments: AttachmentRow[] = []): MessageView =>
  toMessageView(
    {
      id: r.id,
      conversation: r.conversation_id,
      channelAccount: r.channel_account_id,
      direction: r.direction,
      authorKind: r.author_kind,
      authorId: r.author_id,
      authorName: r.author_name,
      body: r.body,
      html: r.html,
      subject: r.subject,
      deliveryStatus: r.delivery_status,
      intent: r.intent,
      aiGenerated: r.ai_generated,
      templateId: r.template_id,
      retryOf: r.retry_of ?? null,
      recipients: r.recipients ?? null,
      errorCode: r.error_code,
      errorMessage: r.error_message,
      createdAt: new Date(r.created_at),
    } as Message,
    attachments.map(
      (a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, size: Number(a.size), contentId: a.content_id ?? null }) as Attachment,
    ),
  );

/** The list card's one-line preview. */
export const previewOf = (m: Pick<Message, 'body' | 'subject'>, attachmentCount = 0): string | null => {
  const text = (m.body ?? m.subject ?? '').replace(/\s+/g, ' ').trim();
  if (text) return text.length > 140 ? `${text.slice(0, 139)}…` : text;
  return attachmentCount ? `📎 ${attachmentCount} attachment${attachmentCount > 1 ? 's' : ''}` : null;
};

import type { AttachmentView, MessageView } from '@parley/contracts';
import type { Message } from './message.entity';
import type { Attachment } from './attachment.entity';

export const toAttachmentView = (a: Attachment): AttachmentView => ({
  id: a.id,
  filename: a.filename,
  contentType: a.contentType,
  size: a.size,
  url: `/api/v1/attachments/${a.id}`,
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
  error: m.errorCode || m.errorMessage ? { code: m.errorCode, message: m.errorMessage ?? '' } : null,
  createdAt: m.createdAt.toISOString(),
});

/** The list card's one-line preview. */
export const previewOf = (m: Pick<Message, 'body' | 'subject'>, attachmentCount = 0): string | null => {
  const text = (m.body ?? m.subject ?? '').replace(/\s+/g, ' ').trim();
  if (text) return text.length > 140 ? `${text.slice(0, 139)}…` : text;
  return attachmentCount ? `📎 ${attachmentCount} attachment${attachmentCount > 1 ? 's' : ''}` : null;
};

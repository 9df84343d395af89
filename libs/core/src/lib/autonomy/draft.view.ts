import type { DraftView } from '@parley/contracts';
import type { Draft } from './draft.entity';

export const toDraftView = (d: Draft): DraftView => ({
  id: d.id,
  conversationId: d.conversation,
  body: d.body,
  intent: d.intent,
  risk: d.risk,
  reason: d.reason,
  status: d.status,
  createdAt: d.createdAt.toISOString(),
  decidedAt: d.decidedAt ? d.decidedAt.toISOString() : null,
  decidedBy: d.decidedBy,
  decisionNote: d.decisionNote,
  messageId: d.messageId,
  sentBody: d.sentBody,
});

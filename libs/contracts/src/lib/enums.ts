/** Vocabularies shared by the API, plugins and the admin. Values are part of the public contract. */

export const CONVERSATION_STATUSES = ['ai_handling', 'human_handling', 'resolved', 'opted_out'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const ASSISTANT_STATES = ['active', 'paused', 'blocked'] as const;
export type AssistantState = (typeof ASSISTANT_STATES)[number];

export const REPLY_STATES = ['new', 'awaiting_reply', 'replied'] as const;
export type ReplyState = (typeof REPLY_STATES)[number];

export const CHANNEL_KINDS = ['email', 'sms', 'whatsapp', 'webchat', 'voice'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

export const AUTHOR_KINDS = ['contact', 'ai', 'operator', 'system'] as const;
export type AuthorKind = (typeof AUTHOR_KINDS)[number];

/** Ordered: a status only ever moves forward along this list (failed/bounced are terminal). */
export const DELIVERY_STATUSES = ['received', 'queued', 'sent', 'delivered', 'read', 'failed', 'bounced'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const USER_ROLES = ['admin', 'operator'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const AUTONOMY_LEVELS = ['full', 'controlled', 'assisted'] as const;
export type AutonomyLevel = (typeof AUTONOMY_LEVELS)[number];

export const DRAFT_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const INTENTS = ['greeting', 'question', 'pricing', 'booking', 'complaint', 'human_request', 'confirmation', 'opt_out', 'other'] as const;
export type Intent = (typeof INTENTS)[number];

export const BOOKING_STATUSES = ['active', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const CAMPAIGN_STATUSES = ['draft', 'running', 'completed', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const LINKEDIN_ACTIVITY_KINDS = ['connection_request', 'message', 'comment'] as const;
export type LinkedinActivityKind = (typeof LINKEDIN_ACTIVITY_KINDS)[number];

/** What `POST /conversations/:id/activities` logs: touchpoints and CRM changes made outside Parley (seed 002). */
export const ACTIVITY_TYPES = ['linkedin', 'opportunity', 'sequence'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const OPPORTUNITY_ACTIVITY_KINDS = ['stage_changed'] as const;
export const SEQUENCE_ACTIVITY_KINDS = ['enrolled'] as const;
/** The kinds each activity type takes. */
export const ACTIVITY_KINDS: Record<ActivityType, readonly string[]> = {
  linkedin: LINKEDIN_ACTIVITY_KINDS,
  opportunity: OPPORTUNITY_ACTIVITY_KINDS,
  sequence: SEQUENCE_ACTIVITY_KINDS,
};

export const TIMELINE_TYPES = [
  'conversation.created',
  'message.received',
  'message.sent',
  'note.added',
  'status.changed',
  'assistant.changed',
  'assigned',
  'unassigned',
  'escalated',
  'resolved',
  'reopened',
  'archived',
  'unarchived',
  'booking.created',
  'booking.cancelled',
  'activity.logged',
  'contact.ai_paused',
  'contact.ai_resumed',
  'contact.merged',
  'contact.undeliverable',
  'ai.decision',
  'draft.created',
  'draft.approved',
  'draft.rejected',
  'opportunity.stage_changed',
  'sequence.enrolled',
  'campaign.enrolled',
  'sla.breached',
  'follow_up.sent',
] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

export const REALTIME_EVENT_TYPES = [
  'conversation.created',
  'conversation.updated',
  'conversation.deleted',
  'message.created',
  'message.updated',
  'note.created',
  'draft.created',
  'draft.updated',
  'timeline.created',
  'presence.updated',
  /** Something needs an operator now, e.g. an escalation waiting past the workspace's SLA. */
  'alert.created',
] as const;
export type RealtimeEventType = (typeof REALTIME_EVENT_TYPES)[number];

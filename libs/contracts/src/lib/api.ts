import type {
  AssistantState,
  AuthorKind,
  AutonomyLevel,
  BookingStatus,
  ChannelKind,
  ConversationStatus,
  DeliveryStatus,
  DraftStatus,
  MessageDirection,
  ReplyState,
  RiskLevel,
  UserRole,
} from './enums';

/** Wire shapes of API.md. Times are ISO-8601 UTC strings; ids are strings. */

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
  details?: { field: string; errors: string[] }[];
}

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  workspaceId: string;
  createdAt: string;
}

export interface AuthResult {
  accessToken: string;
  user: UserView;
}

/** `GET /setup`: what the sign-in page may say about this server. */
export interface SetupStatus {
  /** No user exists yet: the first admin comes from the one-time setup link the server printed, or `create-admin`. */
  required: boolean;
  /** The demo is seeded here (its admin admin@acme.test exists) and the server does not run in production: the sign-in page may show the demo login. */
  demo: boolean;
}

export interface MeView extends UserView {
  workspace: { id: string; name: string; timezone: string };
}

export interface ApiKeyCreated {
  id: string;
  name: string;
  key: string;
  prefix: string;
  createdAt: string;
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface ContactSummary {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
}

export interface UserSummary {
  id: string;
  name: string;
  email: string;
}

export interface BookingView {
  id: string;
  conversationId: string;
  externalId: string;
  jobType: string;
  url: string | null;
  status: BookingStatus;
  createdAt: string;
  cancelledAt: string | null;
}

export interface CampaignSummary {
  id: string;
  name: string;
}

export interface ConversationListItem {
  id: string;
  status: ConversationStatus;
  contact: ContactSummary;
  channel: ChannelKind;
  channelAccountId: string;
  assignee: UserSummary | null;
  lastMessagePreview: string | null;
  lastActivityAt: string;
  unread: boolean;
  requiresAction: boolean;
  escalationReason: string | null;
  /** When an escalation passed the workspace's SLA without a human reply (such cards sort first under requiresAction). */
  slaBreachedAt: string | null;
  bookings: BookingView[];
  campaign: CampaignSummary | null;
  /** `new` (nothing sent or received yet), `awaiting_reply` (the last message is the contact's), `replied`. */
  replyState: ReplyState;
  /** The assistant's state as it is (an escalation or the contact's AI pause: `paused`; opted out or blocked: `blocked`). */
  assistantState: AssistantState;
  /** Whether the card belongs under the Archived tab. */
  archived: boolean;
  /** The newest outbound message failed or bounced (the card's delivery failure mark). */
  deliveryFailed: boolean;
  /** With `groupBy=contact` only: how many of the contact's conversations match the filters. */
  conversationCount?: number;
}

export interface ConversationView extends Omit<ConversationListItem, 'channel' | 'channelAccountId' | 'conversationCount'> {
  channel: ChannelKind;
  channelAccountId: string;
  channelAccount: { id: string; name: string; plugin: string; channel: ChannelKind };
  /**
   * The channel's messaging window (WhatsApp: 24 h after the contact's last message), null where the
   * channel has none: while closed, only an approved template may be sent (the API answers 422 otherwise).
   */
  messagingWindow: { hours: number; open: boolean; closesAt: string | null } | null;
  /** What email threading carries when headers are lost: the Reply-To token and the `[#reference]` subject tag. */
  reference: string;
  replyState: ReplyState;
  priority: number;
  createdAt: string;
}

/**
 * Conversations per status. `capped: true` (present only then) when more matched than the server counts
 * for filters no counter answers (`q`, `unread`, `replyState`, dates…): each figure is then a lower bound.
 */
export type ConversationCounts = Record<ConversationStatus, number> & { capped?: true };

export interface AttachmentView {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  url: string;
  /** An email's inline part: the HTML shows it where it says `cid:<contentId>`. */
  contentId?: string | null;
}

export interface MessageView {
  id: string;
  conversationId: string;
  direction: MessageDirection;
  author: { kind: AuthorKind; id?: string; name?: string };
  body: string | null;
  html?: string | null;
  subject?: string | null;
  attachments: AttachmentView[];
  channelAccountId: string;
  deliveryStatus: DeliveryStatus;
  intent?: string | null;
  aiGenerated: boolean;
  templateId?: string | null;
  /** Email: the other recipients (To besides the mailbox, and Cc). */
  recipients?: { address: string; name?: string }[] | null;
  /** This message is an operator's Retry of that failed one (a failed message is retried at most once). */
  retryOf?: string | null;
  error?: { code: string | null; message: string } | null;
  createdAt: string;
  /**
   * On the response to a send with `seenMessageId`: someone else replied after the message the sender
   * had seen, so the two replies crossed (the UI shows both and warns).
   */
  collision?: { messageId: string; author: { kind: AuthorKind; id?: string; name?: string }; createdAt: string } | null;
}

export interface NoteView {
  id: string;
  conversationId: string;
  body: string;
  author: UserSummary | null;
  createdAt: string;
}

export interface TimelineEventView {
  id: string;
  conversationId: string;
  type: string;
  actor: { kind: AuthorKind; id?: string; name?: string };
  data: Record<string, unknown>;
  createdAt: string;
}

export interface ContactView {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  externalId: string | null;
  metadata: Record<string, unknown>;
  aiPaused: boolean;
  aiPauseReason: string | null;
  blocked: boolean;
  optedOutChannels: ChannelKind[];
  /** `undeliverable`: a hard bounce said the address takes no more messages (email), and why. */
  identities: { channel: ChannelKind; address: string; undeliverable?: { at: string; reason: string | null } }[];
  createdAt: string;
}

export interface ContactDetail extends ContactView {
  previousConversations: {
    id: string;
    status: ConversationStatus;
    channel: ChannelKind;
    lastMessagePreview: string | null;
    lastActivityAt: string;
  }[];
}

export interface ChannelAccountView {
  id: string;
  plugin: string;
  channel: ChannelKind;
  name: string;
  config: Record<string, unknown>;
  webhookUrl: string;
  active: boolean;
  createdAt: string;
  /** The newest activity of its conversations (null before the first). */
  lastActivityAt: string | null;
  /** The plugin's own intake (an IMAP mailbox): its state, and why when it is `error`; null where the account has none. */
  listener: { state: 'connecting' | 'connected' | 'error'; message: string | null; updatedAt: string } | null;
}

/** `POST /channel-accounts/:id/check`: the plugin's connection test with the stored config. */
export interface ConnectionCheck {
  /** false when the plugin has no test (then `ok` is null). */
  supported: boolean;
  ok: boolean | null;
  message: string;
  checkedAt: string;
}

export interface TemplateView {
  id: string;
  channelAccountId: string;
  name: string;
  language: string;
  body: string;
  createdAt: string;
}

export interface CampaignView {
  id: string;
  name: string;
  channelAccountId: string;
  templateId: string | null;
  status: string;
  createdAt: string;
}

/** An item of `GET /campaigns`: the campaign and how many conversations it started. */
export interface CampaignListItem extends CampaignView {
  conversations: number;
}

/** `GET /campaigns/:id`: the campaign's progress, the delivery status of the messages it sent, and whom it skipped. */
export interface CampaignProgressView extends CampaignView {
  conversations: number;
  deliveries: Record<'queued' | 'sent' | 'delivered' | 'read' | 'failed' | 'bounced', number>;
  skipped: CampaignSkip[];
}

/** A recipient a launch did not message, and why. */
export interface CampaignSkip {
  contactId: string;
  name: string | null;
  reason: 'opted_out' | 'no_address';
}

/** `POST /campaigns` with recipients: the launched campaign and what happened to each recipient. */
export interface CampaignLaunchView extends CampaignView {
  recipients: number;
  started: number;
  skipped: CampaignSkip[];
}

export interface KnowledgeArticleView {
  id: string;
  title: string;
  body: string;
  tags: string[];
  published: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface AutonomyPolicyView {
  level: AutonomyLevel;
  channelOverrides: Record<string, AutonomyLevel>;
  autoReplyIntents: string[];
  highRiskIntents: string[];
}

/**
 * `POST /autonomy/preview`: what a policy does with a reply, per channel account, intent and the risk
 * the provider reports (`risk`: after high-risk intents are counted as high).
 */
export interface AutonomyPreview {
  channelAccounts: { id: string; name: string; channel: ChannelKind; level: AutonomyLevel; overridden: boolean }[];
  intents: string[];
  rows: { channelAccountId: string; intent: string; reportedRisk: RiskLevel; risk: RiskLevel; delivery: 'send' | 'draft'; reason: string }[];
}

/** `POST /assistant/try`: the provider's report on a question and what the autonomy policy would do with it; nothing is sent. */
export interface AssistantTrial {
  provider: string | null;
  ok: boolean;
  error: string | null;
  ms?: number;
  /** The articles the question was answered from (what a real turn would give the provider). */
  knowledge: { title: string }[];
  report: {
    reply: string | null;
    intent: { name: string; confidence: number };
    risk: { level: RiskLevel; reasons: string[] };
    escalate: { reason: string } | null;
    resolve: { resolved: boolean; confidence: number } | null;
    unanswered: boolean;
  } | null;
  /** On the given channel account (default: the first), under the saved policy. */
  decision: { kind: 'silent' | 'reply' | 'escalate' | 'resolve'; delivery: 'send' | 'draft' | null; reason: string; channelAccountId: string | null } | null;
}

export interface AssistantSettingsView {
  enabled: boolean;
  provider: string;
  /** The provider's config; secret fields are null with `<field>Set` telling whether one is stored. */
  config: Record<string, unknown>;
  providers: { id: string; displayName: string }[];
}

/** A question the assistant could not answer, grouped with its rewordings (`GET /reports/knowledge-gaps`). */
export interface KnowledgeGapView {
  topic: string;
  /** The most recent wording of the question. */
  question: string;
  count: number;
  lastAskedAt: string;
  /** Up to five conversations where it was asked, newest first. */
  conversationIds: string[];
}

export interface WorkspaceView {
  id: string;
  name: string;
  timezone: string;
  settings: {
    escalationSlaMinutes: number;
    bookingUrlTemplate: string | null;
    followUpHours: number | null;
    /** At most this many replies the assistant sends on its own to one contact per hour (a loop guard); beyond, they wait as drafts. */
    autoReplyLimitPerHour: number;
  };
}

export interface DraftView {
  id: string;
  conversationId: string;
  body: string;
  intent: string | null;
  risk: RiskLevel;
  reason: string | null;
  status: DraftStatus;
  createdAt: string;
  decidedAt: string | null;
  /** The user who approved or rejected it. */
  decidedBy: string | null;
  /** The rejection reason, or why it was withdrawn. */
  decisionNote: string | null;
  /** The message sent on approval. */
  messageId: string | null;
  /** The text sent on approval (the operator's edit, or `body`); null until approved. */
  sentBody: string | null;
}

/** Days are calendar days in the workspace's time zone; `from` (inclusive) and `to` (exclusive) are instants. */
export interface ReportRange {
  timezone: string;
  from: string;
  to: string;
}

/** Conversations created per day and channel (`GET /reports/conversations`); every day of the range is listed. */
export interface ConversationVolumeReport extends ReportRange {
  /** Every channel with a conversation in the range has a key on every day (0 when none that day). */
  days: { date: string; byChannel: Record<string, number>; total: number }[];
  totals: { byChannel: Record<string, number>; total: number };
}

/** How much the assistant resolves on its own and how quickly humans pick up its escalations (`GET /reports/assistant`). */
export interface AssistantReport extends ReportRange {
  /** Conversations created in the range. */
  conversations: number;
  /** Conversations resolved in the range (a `status.changed` to `resolved`). */
  resolved: number;
  /** Of those, the ones whose last resolution in the range was by the assistant. */
  resolvedByAi: number;
  /** resolvedByAi / resolved; null when nothing was resolved. */
  aiResolutionRate: number | null;
  /** Conversations escalated in the range. */
  escalated: number;
  /** escalated / conversations; null when no conversation was created. */
  escalationRate: number | null;
  /** Escalations in the range by reason, most frequent first. */
  escalationReasons: { reason: string | null; count: number }[];
  /** Seconds from each escalation in the range to the first operator reply after it. */
  firstHumanResponse: { count: number; medianSeconds: number | null; p90Seconds: number | null; unanswered: number };
}

/** What became of the drafts created in the range (`GET /reports/drafts`). */
export interface DraftReport extends ReportRange {
  created: number;
  approved: number;
  /** Approved after an operator changed the text. */
  edited: number;
  rejected: number;
  withdrawn: number;
  pending: number;
}

/** Outbound messages created in the range that failed or bounced, by channel (`GET /reports/delivery`). */
export interface DeliveryReport extends ReportRange {
  byChannel: {
    channel: string;
    /** Outbound messages created in the range, whatever their status. */
    sent: number;
    failed: number;
    failureRate: number;
    /** By provider error code (null when the provider gave none), most frequent first. */
    errors: { code: string | null; count: number }[];
  }[];
}

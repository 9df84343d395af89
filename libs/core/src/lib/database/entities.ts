import { Workspace } from '../workspace/workspace.entity';
import { User } from '../auth/user.entity';
import { ApiKey } from '../auth/api-key.entity';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { Contact } from '../contact/contact.entity';
import { ContactIdentity } from '../contact/contact-identity.entity';
import { Conversation } from '../conversation/conversation.entity';
import { ReadMarker } from '../conversation/read-marker.entity';
import { ConversationCount } from '../conversation/conversation-count.entity';
import { ConversationSearch } from '../conversation/conversation-search.entity';
import { Message } from '../message/message.entity';
import { Attachment } from '../message/attachment.entity';
import { Note } from '../note/note.entity';
import { TimelineEvent } from '../timeline/timeline-event.entity';
import { Booking } from '../booking/booking.entity';
import { Campaign } from '../campaign/campaign.entity';
import { Template } from '../template/template.entity';
import { KnowledgeArticle } from '../knowledge/knowledge-article.entity';
import { KnowledgeGap } from '../knowledge/knowledge-gap.entity';
import { AutonomyPolicy } from '../autonomy/autonomy-policy.entity';
import { Draft } from '../autonomy/draft.entity';
import { OutboxEntry } from '../outbox/outbox.entity';
import { DeliveryStatusEvent } from '../message/delivery-status-event.entity';
import { FileDeletion } from '../attachment/file-deletion.entity';
import { SetupToken } from '../auth/setup-token.entity';

/** Listed explicitly: the webpack bundle cannot glob entity files. */
export const ENTITIES = [
  Workspace,
  User,
  ApiKey,
  ChannelAccount,
  Contact,
  ContactIdentity,
  Conversation,
  ReadMarker,
  ConversationCount,
  ConversationSearch,
  Message,
  Attachment,
  Note,
  TimelineEvent,
  Booking,
  Campaign,
  Template,
  KnowledgeArticle,
  KnowledgeGap,
  AutonomyPolicy,
  Draft,
  OutboxEntry,
  DeliveryStatusEvent,
  FileDeletion,
  SetupToken,
];

/** Tenant tables the fail-closed `workspace` filter guards. */
export const WORKSPACE_SCOPED = [
  User,
  ApiKey,
  ChannelAccount,
  Contact,
  ContactIdentity,
  Conversation,
  ReadMarker,
  Message,
  Attachment,
  Note,
  TimelineEvent,
  Booking,
  Campaign,
  Template,
  KnowledgeArticle,
  KnowledgeGap,
  AutonomyPolicy,
  Draft,
];

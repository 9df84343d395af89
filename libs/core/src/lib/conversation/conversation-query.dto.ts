import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CHANNEL_KINDS, CONVERSATION_STATUSES, REPLY_STATES, type ChannelKind, type ConversationStatus, type ReplyState } from '@parley/contracts';
import { BooleanString, Csv } from '../common/csv';
import { PageQueryDto } from '../common/page-query.dto';
import { OptionalNotNull } from '../common/validation';

const UUID_OR_KEYWORD = /^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The dashboard's tab names for reply states (seed 003: Created / Pending / Replied), accepted as aliases. */
const REPLY_STATE_ALIASES: Record<string, ReplyState> = { created: 'new', pending: 'awaiting_reply' };

export const CONVERSATION_GROUP_BYS = ['contact'] as const;
export type ConversationGroupBy = (typeof CONVERSATION_GROUP_BYS)[number];

/** Filters of API.md's conversation list. All optional and combinable. */
export class ConversationFilterDto {
  @ApiPropertyOptional({ description: 'csv of statuses', example: 'ai_handling,human_handling' })
  @OptionalNotNull()
  @Csv()
  @IsIn(CONVERSATION_STATUSES, { each: true })
  status?: ConversationStatus[];

  @ApiPropertyOptional({
    description:
      'csv of reply states: `new` (nothing sent or received yet), `awaiting_reply` (the last message is inbound), `replied`; `created` and `pending` are accepted for `new` and `awaiting_reply` (the Created / Pending / Replied tabs)',
    example: 'awaiting_reply,replied',
  })
  @OptionalNotNull()
  @Csv((v) => REPLY_STATE_ALIASES[v] ?? v)
  @IsIn(REPLY_STATES, { each: true })
  replyState?: ReplyState[];

  @ApiPropertyOptional({ description: 'csv of user ids, `me`, `none`' })
  @OptionalNotNull()
  @Csv()
  @Matches(UUID_OR_KEYWORD, { each: true, message: 'assigneeId must be user ids, me or none' })
  assigneeId?: string[];

  @ApiPropertyOptional({ description: 'csv of channel kinds', example: 'sms,whatsapp' })
  @OptionalNotNull()
  @Csv()
  @IsIn(CHANNEL_KINDS, { each: true })
  channel?: ChannelKind[];

  @ApiPropertyOptional({ description: 'csv of channel account ids' })
  @OptionalNotNull()
  @Csv()
  @IsUUID('all', { each: true })
  channelAccountId?: string[];

  @ApiPropertyOptional({
    description: "last activity at or after (ISO-8601); `YYYY-MM-DD` starts at midnight in the workspace's time zone, as does a date-time without offset",
    example: '2026-12-01',
  })
  @OptionalNotNull()
  @IsISO8601({ strict: true }, { message: 'from must be a valid ISO-8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({
    description: "last activity at or before (ISO-8601); `YYYY-MM-DD` includes that whole day in the workspace's time zone",
    example: '2026-12-04',
  })
  @OptionalNotNull()
  @IsISO8601({ strict: true }, { message: 'to must be a valid ISO-8601 date or date-time' })
  to?: string;

  @ApiPropertyOptional({
    description:
      'contact name, email, phone fragment, or words of any message; accents ignored (`garcia` finds "García"), each word a prefix of a word or of its stem (`leak` finds "leaking", `heaters` finds "heater")',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @BooleanString()
  @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @BooleanString()
  @IsBoolean()
  requiresAction?: boolean;

  @ApiPropertyOptional({ default: false, description: 'true = the Archived tab' })
  @OptionalNotNull()
  @BooleanString()
  @IsBoolean()
  archived?: boolean;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsUUID()
  contactId?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsUUID()
  campaignId?: string;
}

export class ConversationListQueryDto extends IntersectionType(ConversationFilterDto, PageQueryDto) {
  @ApiPropertyOptional({
    enum: CONVERSATION_GROUP_BYS,
    description:
      '`contact`: one item per contact, its first conversation in the list order among those matching every filter, with `conversationCount` (how many of its conversations match); paged by the same cursor',
  })
  @OptionalNotNull()
  @IsIn(CONVERSATION_GROUP_BYS)
  groupBy?: ConversationGroupBy;
}

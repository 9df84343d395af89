import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CHANNEL_KINDS, CONVERSATION_STATUSES, type ChannelKind, type ConversationStatus } from '@parley/contracts';
import { BooleanString, Csv } from '../common/csv';
import { PageQueryDto } from '../common/page-query.dto';

const UUID_OR_KEYWORD = /^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Filters of API.md's conversation list. All optional and combinable. */
export class ConversationFilterDto {
  @ApiPropertyOptional({ description: 'csv of statuses', example: 'ai_handling,human_handling' })
  @IsOptional() @Csv() @IsIn(CONVERSATION_STATUSES, { each: true })
  status?: ConversationStatus[];

  @ApiPropertyOptional({ description: 'csv of user ids, `me`, `none`' })
  @IsOptional() @Csv() @Matches(UUID_OR_KEYWORD, { each: true, message: 'assigneeId must be user ids, me or none' })
  assigneeId?: string[];

  @ApiPropertyOptional({ description: 'csv of channel kinds', example: 'sms,whatsapp' })
  @IsOptional() @Csv() @IsIn(CHANNEL_KINDS, { each: true })
  channel?: ChannelKind[];

  @ApiPropertyOptional({ description: 'csv of channel account ids' })
  @IsOptional() @Csv() @IsUUID('all', { each: true })
  channelAccountId?: string[];

  @ApiPropertyOptional({ description: 'last activity at or after (ISO-8601)' })
  @IsOptional() @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ description: 'last activity at or before (ISO-8601)' })
  @IsOptional() @IsISO8601()
  to?: string;

  @ApiPropertyOptional({ description: 'contact name, email, phone fragment, or words of any message' })
  @IsOptional() @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional() @IsOptional() @BooleanString() @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional() @IsOptional() @BooleanString() @IsBoolean()
  requiresAction?: boolean;

  @ApiPropertyOptional({ default: false, description: 'true = the Archived tab' })
  @IsOptional() @BooleanString() @IsBoolean()
  archived?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  contactId?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  campaignId?: string;
}

export class ConversationListQueryDto extends IntersectionType(ConversationFilterDto, PageQueryDto) {}

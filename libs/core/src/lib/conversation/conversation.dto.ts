import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsEmail, IsIn, IsObject, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { ASSISTANT_STATES, type AssistantState } from '@parley/contracts';
import { OptionalNotNull } from '../common/validation';

export class EscalateDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(500) reason: string;
}

export class AssignDto {
  @ApiProperty({ description: 'a user id, or `me` (the caller)', example: 'me' })
  @Matches(/^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: 'assigneeId must be a user id or me' })
  assigneeId: string;
}

export class AssistantStateDto {
  @ApiProperty({ enum: ASSISTANT_STATES }) @IsIn(ASSISTANT_STATES) state: AssistantState;
}

export class NewContactDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiPropertyOptional({ example: '+15551234567' })
  @OptionalNotNull()
  @Matches(/^\+?[0-9 ()-]{5,20}$/, { message: 'phone must be a phone number, ideally E.164 (+15551234567)' })
  phone?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsEmail() email?: string;
}

/** Shared by a new conversation's first message and later replies. */
export class MessageContentDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(20_000) body?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(500_000) html?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(500) subject?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsUUID() templateId?: string;
  @ApiPropertyOptional({ type: [String] }) @OptionalNotNull() @IsArray() @IsString({ each: true }) @MaxLength(1000, { each: true }) templateParams?: string[];
}

export class CreateConversationDto extends MessageContentDto {
  @ApiProperty() @IsUUID() channelAccountId: string;
  @ApiProperty({ type: NewContactDto })
  @IsObject({ message: 'contact must be an object {name, phone?, email?}' })
  @ValidateNested()
  @Type(() => NewContactDto)
  contact: NewContactDto;
}

export class SendMessageDto extends MessageContentDto {
  @ApiPropertyOptional({ description: 'reply on another channel of the same contact' }) @OptionalNotNull() @IsUUID() channelAccountId?: string;
  @ApiPropertyOptional({ type: [String] }) @OptionalNotNull() @IsArray() @IsUUID('all', { each: true }) attachmentIds?: string[];
  @ApiPropertyOptional({ description: 'the newest message the sender had seen while composing; a reply by someone else after it is reported as `collision`' })
  @OptionalNotNull()
  @IsUUID()
  seenMessageId?: string;
}

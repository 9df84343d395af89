import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { DRAFT_STATUSES, type DraftStatus } from '@parley/contracts';
import { PageQueryDto } from '../common/page-query.dto';
import { OptionalNotNull } from '../common/validation';

export class DraftQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DRAFT_STATUSES })
  @OptionalNotNull()
  @IsIn(DRAFT_STATUSES, { message: `status must be one of ${DRAFT_STATUSES.join(', ')}` })
  status?: DraftStatus;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsUUID()
  conversationId?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc', description: 'asc: oldest first (the queue of drafts waiting longest)' })
  @OptionalNotNull()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class ApproveDraftDto {
  @ApiPropertyOptional({ description: 'The text to send instead of the draft (the edit is recorded)' })
  @OptionalNotNull()
  @IsString()
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(10_000)
  body?: string;
}

export class RejectDraftDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

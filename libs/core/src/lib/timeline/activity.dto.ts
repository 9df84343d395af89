import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsString, MaxLength } from 'class-validator';
import { LINKEDIN_ACTIVITY_KINDS, type LinkedinActivityKind } from '@parley/contracts';
import { OptionalNotNull } from '../common/validation';

/** A touchpoint that happened outside Parley, logged for a complete record (seed 002). */
export class LogActivityDto {
  @ApiProperty({ enum: ['linkedin'] }) @IsIn(['linkedin']) type: 'linkedin';
  @ApiProperty({ enum: LINKEDIN_ACTIVITY_KINDS }) @IsIn(LINKEDIN_ACTIVITY_KINDS) kind: LinkedinActivityKind;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(5000) body?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsISO8601() occurredAt?: string;
}

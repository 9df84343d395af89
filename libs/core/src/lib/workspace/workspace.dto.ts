import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsString, IsObject, IsTimeZone, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { OptionalNotNull, OptionalNullable } from '../common/validation';

export class WorkspaceSettingsDto {
  @ApiPropertyOptional({ description: 'Minutes an escalated conversation may wait for a human before it is flagged' })
  @OptionalNotNull()
  @IsInt({ message: 'escalationSlaMinutes must be a whole number of minutes' })
  @Min(1)
  @Max(7 * 24 * 60)
  escalationSlaMinutes?: number;

  @ApiPropertyOptional({ description: 'CRM link for bookings, with {externalId}; null clears it', nullable: true })
  @OptionalNullable()
  @IsString()
  @MaxLength(500)
  @Matches(/^https?:\/\/\S+$/, { message: 'bookingUrlTemplate must be an http(s) URL' })
  @Matches(/\{externalId\}/, { message: 'bookingUrlTemplate must contain {externalId}' })
  bookingUrlTemplate?: string | null;

  @ApiPropertyOptional({ description: 'Re-engage after this many hours of customer silence; null turns follow-up off', nullable: true })
  @OptionalNullable()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'followUpHours must be a number of hours' })
  @Min(0.001)
  @Max(24 * 30)
  followUpHours?: number | null;

  @ApiPropertyOptional({ description: 'At most this many replies the assistant sends on its own to one contact per hour (beyond: held as drafts)' })
  @OptionalNotNull()
  @IsInt({ message: 'autoReplyLimitPerHour must be a whole number' })
  @Min(1)
  @Max(1000)
  autoReplyLimitPerHour?: number;
}

export class UpdateWorkspaceDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: 'IANA time zone, e.g. America/New_York (reports count days in it)' })
  @OptionalNotNull()
  @IsTimeZone({ message: 'timezone must be an IANA time zone such as Europe/Paris' })
  timezone?: string;

  @ApiPropertyOptional({ type: WorkspaceSettingsDto })
  @OptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => WorkspaceSettingsDto)
  settings?: WorkspaceSettingsDto;
}

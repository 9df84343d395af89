import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsString, MaxLength, MinLength } from 'class-validator';
import { OptionalNotNull } from '../common/validation';

export class CreateChannelAccountDto {
  @ApiProperty({ example: 'twilio-sms' }) @IsString() @MinLength(1) plugin: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(120) name: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) @IsObject() config: Record<string, unknown>;
}

export class UpdateChannelAccountDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MinLength(1) @MaxLength(120) name?: string;
  /** Merged over the stored config; a secret left out (or null) keeps its stored value. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @OptionalNotNull() @IsObject() config?: Record<string, unknown>;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() active?: boolean;
}

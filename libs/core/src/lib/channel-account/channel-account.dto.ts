import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';

/** Optional but not nullable (the columns are NOT NULL): `null` is a 400 naming the field, not a 500. */
const OptionalNotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

export class CreateChannelAccountDto {
  @ApiProperty({ example: 'twilio-sms' }) @IsString() @MinLength(1) plugin: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(120) name: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) @IsObject() config: Record<string, unknown>;
}

export class UpdateChannelAccountDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MinLength(1) @MaxLength(120) name?: string;
  /** Merged over the stored config; a secret left out (or null) keeps its stored value. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() config?: Record<string, unknown>;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() active?: boolean;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class CreateChannelAccountDto {
  @ApiProperty({ example: 'twilio-sms' }) @IsString() @MinLength(1) plugin: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(120) name: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) @IsObject() config: Record<string, unknown>;
}

export class UpdateChannelAccountDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(120) name?: string;
  /** Merged over the stored config; a secret left out (or null) keeps its stored value. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() config?: Record<string, unknown>;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { OptionalNotNull } from '../common/validation';

export class AssistantSettingsDto {
  @ApiPropertyOptional({ description: 'AI provider plugin id, e.g. "rules" or "openai"' })
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  provider?: string;

  @ApiPropertyOptional({ description: "The provider's config, validated by its plugin; secrets are write-only" })
  @OptionalNotNull()
  @IsObject()
  config?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'false turns the assistant off for the whole workspace' })
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;
}

export class AssistantTrialDto {
  @ApiProperty({ description: "A customer's question, as they would write it" })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  question: string;

  @ApiPropertyOptional({ description: 'Decide as on this channel account (its autonomy level); default: the first one' })
  @OptionalNotNull()
  @IsUUID()
  channelAccountId?: string;
}

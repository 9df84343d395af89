import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsString, MinLength } from 'class-validator';
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

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional, IsString, MinLength } from 'class-validator';

export class AssistantSettingsDto {
  @ApiPropertyOptional({ description: 'AI provider plugin id, e.g. "rules" or "openai"' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  provider?: string;

  @ApiPropertyOptional({ description: "The provider's config, validated by its plugin; secrets are write-only" })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'false turns the assistant off for the whole workspace' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

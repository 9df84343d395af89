import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class CreateArticleDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(300) title: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100_000) body: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) @MaxLength(60, { each: true }) tags?: string[];
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() published?: boolean;
}

export class UpdateArticleDto extends PartialType(CreateArticleDto) {}

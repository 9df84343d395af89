import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsString, MaxLength, MinLength } from 'class-validator';
import { OptionalNotNull } from '../common/validation';

export class CreateArticleDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(300) title: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100_000) body: string;
  @ApiPropertyOptional({ type: [String] }) @OptionalNotNull() @IsArray() @IsString({ each: true }) @MaxLength(60, { each: true }) tags?: string[];
  @ApiPropertyOptional({ default: true }) @OptionalNotNull() @IsBoolean() published?: boolean;
}

export class UpdateArticleDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MinLength(1) @MaxLength(300) title?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MinLength(1) @MaxLength(100_000) body?: string;
  @ApiPropertyOptional({ type: [String] }) @OptionalNotNull() @IsArray() @IsString({ each: true }) @MaxLength(60, { each: true }) tags?: string[];
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() published?: boolean;
}

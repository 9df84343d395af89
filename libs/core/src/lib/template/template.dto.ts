import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { OptionalNotNull } from '../common/validation';

export class CreateTemplateDto {
  @ApiProperty() @IsUUID() channelAccountId: string;
  @ApiProperty({ example: 'appointment_reminder' })
  @Matches(/^[a-z0-9_]{1,512}$/, { message: 'name must be lowercase letters, digits and underscores' })
  name: string;
  @ApiPropertyOptional({ default: 'en', example: 'en_US' })
  @OptionalNotNull()
  @Matches(/^[a-z]{2,3}([_-][A-Za-z]{2,4})?$/, { message: 'language must be a language code like en or en_US' })
  language?: string;
  @ApiProperty({ example: 'Hi {{1}}, your visit is on {{2}}.' }) @IsString() @MinLength(1) @MaxLength(4096) body: string;
}

export class TemplateQueryDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsUUID() channelAccountId?: string;
}

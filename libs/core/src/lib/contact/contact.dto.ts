import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsObject, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IntersectionType } from '@nestjs/swagger';
import { PageQueryDto } from '../common/page-query.dto';
import { OptionalNotNull } from '../common/validation';

export class ContactSearchDto {
  @ApiPropertyOptional({ description: 'name, email or phone fragment' }) @OptionalNotNull() @IsString() @MaxLength(200) q?: string;
}
export class ContactListQueryDto extends IntersectionType(ContactSearchDto, PageQueryDto) {}

export class UpdateContactDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(200) name?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsEmail() email?: string;
  @ApiPropertyOptional() @OptionalNotNull() @Matches(/^\+?[0-9 ()-]{5,20}$/, { message: 'phone must be a phone number' }) phone?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(200) company?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(200) externalId?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @OptionalNotNull() @IsObject() metadata?: Record<string, unknown>;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() blocked?: boolean;
}

export class AiPauseDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(500) reason?: string;
}

export class MergeContactDto {
  @ApiProperty({ description: 'The contact merged into this one (its identities and conversations move here; it is deleted)' })
  @IsUUID()
  contactId!: string;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IntersectionType } from '@nestjs/swagger';
import { PageQueryDto } from '../common/page-query.dto';

export class ContactSearchDto {
  @ApiPropertyOptional({ description: 'name, email or phone fragment' }) @IsOptional() @IsString() @MaxLength(200) q?: string;
}
export class ContactListQueryDto extends IntersectionType(ContactSearchDto, PageQueryDto) {}

export class UpdateContactDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\+?[0-9 ()-]{5,20}$/, { message: 'phone must be a phone number' }) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) company?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) externalId?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() metadata?: Record<string, unknown>;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() blocked?: boolean;
}

export class AiPauseDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

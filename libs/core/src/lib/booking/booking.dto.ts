import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { OptionalNotNull } from '../common/validation';

export class CreateBookingDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) externalId: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) jobType: string;
  @ApiPropertyOptional({ description: 'CRM link; defaults to the workspace URL template' })
  @OptionalNotNull()
  @IsUrl({ require_tld: false, require_protocol: true })
  url?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, IsUUID, MaxLength, MinLength, ValidateBy, ValidateNested, type ValidationArguments } from 'class-validator';
import { NewContactDto } from '../conversation/conversation.dto';
import { OptionalNotNull } from '../common/validation';

/** One launch writes every conversation in one transaction; this keeps that transaction short. */
export const MAX_CAMPAIGN_RECIPIENTS = 1000;

/** `contacts` and `contactIds` share the recipient limit; the excess is reported on `contacts`. */
const WithinRecipientLimit = () =>
  ValidateBy({
    name: 'withinRecipientLimit',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const ids = (args?.object as CreateCampaignDto | undefined)?.contactIds;
        return !Array.isArray(value) || value.length + (Array.isArray(ids) ? ids.length : 0) <= MAX_CAMPAIGN_RECIPIENTS;
      },
      defaultMessage: () => `contacts and contactIds together must name at most ${MAX_CAMPAIGN_RECIPIENTS} recipients`,
    },
  });

export class CreateCampaignDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty() @IsUUID() channelAccountId: string;

  @ApiPropertyOptional({ description: 'an approved template of the channel account; required with recipients' })
  @OptionalNotNull()
  @IsUUID()
  templateId?: string;

  @ApiPropertyOptional({ type: [String], description: "values for the template's {{1}}…{{n}}, the same for every recipient" })
  @OptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  templateParams?: string[];

  @ApiPropertyOptional({ type: [String], description: 'existing contacts of the workspace' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_CAMPAIGN_RECIPIENTS)
  @IsUUID(undefined, { each: true })
  contactIds?: string[];

  @ApiPropertyOptional({ type: [NewContactDto], description: "found by their address on the account's channel, or created" })
  @OptionalNotNull()
  @IsArray()
  @WithinRecipientLimit()
  @ValidateNested({ each: true })
  @Type(() => NewContactDto)
  contacts?: NewContactDto[];
}

/** With recipients the request launches the campaign; without, it only records a draft. */
export const hasRecipients = (dto: CreateCampaignDto): boolean => Boolean(dto.contactIds?.length || dto.contacts?.length);

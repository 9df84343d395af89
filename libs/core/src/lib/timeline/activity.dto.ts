import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsString, MaxLength, MinLength, ValidateBy, ValidateIf, type ValidationArguments } from 'class-validator';
import { ACTIVITY_KINDS, ACTIVITY_TYPES, type ActivityType } from '@parley/contracts';
import { OptionalNotNull } from '../common/validation';

const typeOf = (args?: ValidationArguments): unknown => (args?.object as { type?: unknown } | undefined)?.type;
const isType = (value: unknown): value is ActivityType => (ACTIVITY_TYPES as readonly unknown[]).includes(value);

/** A kind the activity's type takes. */
const IsKindOfType = () =>
  ValidateBy({
    name: 'isKindOfType',
    validator: {
      validate: (value: unknown, args) => {
        const type = typeOf(args);
        return isType(type) && ACTIVITY_KINDS[type].includes(value as string);
      },
      defaultMessage: (args) => {
        const type = typeOf(args);
        return isType(type) ? `kind must be one of ${ACTIVITY_KINDS[type].join(', ')} for type ${type}` : 'kind must fit a known type';
      },
    },
  });

/** A field that belongs to one activity type: required there (unless `optional`), refused on the others. */
const ForType = (type: ActivityType, options: { optional?: boolean } = {}) => {
  const only = ValidateBy({
    name: 'forType',
    validator: {
      validate: (_value: unknown, args) => typeOf(args) === type,
      defaultMessage: (args) => `${args?.property ?? 'this field'} is only for type ${type}`,
    },
  });
  const when = ValidateIf((o: { type?: unknown }, value: unknown) => value !== undefined || (!options.optional && o.type === type));
  return (target: object, property: string) => {
    when(target, property);
    only(target, property);
  };
};

const Name = () => (target: object, property: string) => {
  IsString()(target, property);
  MinLength(1)(target, property);
  MaxLength(200)(target, property);
};

/**
 * Something that happened outside Parley, logged for a complete record (seed 002): a LinkedIn
 * touchpoint, an opportunity's stage change, a sequence enrolment. Each type takes its own fields.
 */
export class LogActivityDto {
  @ApiProperty({ enum: ACTIVITY_TYPES }) @IsIn(ACTIVITY_TYPES) type: ActivityType;
  @ApiProperty({ description: 'linkedin: connection_request, message, comment · opportunity: stage_changed · sequence: enrolled' })
  @IsKindOfType()
  kind: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(5000) body?: string;
  @ApiPropertyOptional({ description: 'when it happened (default now)' }) @OptionalNotNull() @IsISO8601() occurredAt?: string;

  @ApiPropertyOptional({ description: 'opportunity (required): the stage it moved to' }) @ForType('opportunity') @Name() stage?: string;
  @ApiPropertyOptional({ description: 'opportunity: the stage it left' }) @ForType('opportunity', { optional: true }) @Name() previousStage?: string;
  @ApiPropertyOptional({ description: 'opportunity: its name in the CRM' }) @ForType('opportunity', { optional: true }) @Name() opportunity?: string;
  @ApiPropertyOptional({ description: 'sequence (required): the sequence enrolled in' }) @ForType('sequence') @Name() sequence?: string;
}

/** The timeline entry an activity becomes: LinkedIn touchpoints stay `activity.logged`; the others have their own type. */
export function activityEntry(dto: LogActivityDto, now = new Date()): { type: string; data: Record<string, unknown> } {
  const { type, kind, body, occurredAt, ...fields } = dto;
  return {
    type: type === 'linkedin' ? 'activity.logged' : `${type}.${kind}`,
    data: {
      type,
      kind,
      ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
      ...(body ? { body } : {}),
      occurredAt: (occurredAt ? new Date(occurredAt) : now).toISOString(),
    },
  };
}

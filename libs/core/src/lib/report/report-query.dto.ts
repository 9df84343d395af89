import { ApiPropertyOptional, IntersectionType, PickType } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';
import { PageQueryDto } from '../common/page-query.dto';
import { OptionalNotNull } from '../common/validation';

/**
 * A calendar date, or a date-time with an optional zone designator. Narrower than ISO 8601 (no week or
 * ordinal dates) so that every accepted value parses the same in JavaScript and PostgreSQL.
 */
export const REPORT_INSTANT = /^\d{4}-\d{2}-\d{2}(?:T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/** A value without `Z` or an offset is a wall-clock time in the workspace's time zone. */
export const hasZone = (value: string): boolean => /(?:Z|[+-]\d{2}:\d{2})$/.test(value.slice(10));

export class DateRangeQueryDto {
  @ApiPropertyOptional({
    description: "Start (inclusive): `YYYY-MM-DD` is midnight in the workspace's time zone, as is a date-time without offset; default 30 days before `to`",
    example: '2026-03-01',
  })
  @OptionalNotNull()
  @Matches(REPORT_INSTANT, { message: 'from must be a date (YYYY-MM-DD) or an ISO 8601 date-time' })
  @IsISO8601({ strict: true }, { message: 'from must be a valid date' })
  from?: string;

  @ApiPropertyOptional({
    description: "End (exclusive): `YYYY-MM-DD` is midnight in the workspace's time zone, so that day is not included; default now",
    example: '2026-04-01',
  })
  @OptionalNotNull()
  @Matches(REPORT_INSTANT, { message: 'to must be a date (YYYY-MM-DD) or an ISO 8601 date-time' })
  @IsISO8601({ strict: true }, { message: 'to must be a valid date' })
  to?: string;
}

export class KnowledgeGapQueryDto extends IntersectionType(DateRangeQueryDto, PickType(PageQueryDto, ['limit'] as const)) {}

/** `limit` caps the escalation reasons listed. */
export class AssistantReportQueryDto extends IntersectionType(DateRangeQueryDto, PickType(PageQueryDto, ['limit'] as const)) {}

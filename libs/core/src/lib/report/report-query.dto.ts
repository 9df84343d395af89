import { ApiPropertyOptional, IntersectionType, PickType } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { PageQueryDto } from '../common/page-query.dto';

export class DateRangeQueryDto {
  @ApiPropertyOptional({ description: 'ISO 8601 start (inclusive); default 30 days ago' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 end (exclusive); default now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;
}

export class KnowledgeGapQueryDto extends IntersectionType(DateRangeQueryDto, PickType(PageQueryDto, ['limit'] as const)) {}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { OptionalNotNull } from './validation';

export class PageQueryDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @OptionalNotNull()
  @IsString()
  cursor?: string;
}

/** Messages and timeline entries: oldest first by default; `order=desc` opens a long thread at its end and pages back. */
export class ThreadPageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc', description: 'desc: newest first, each nextCursor further back' })
  @OptionalNotNull()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { DraftView, Page } from '@parley/contracts';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { DraftService } from './draft.service';
import { ApproveDraftDto, DraftQueryDto, RejectDraftDto } from './draft.dto';

@ApiTags('assistant')
@ApiBearerAuth()
@Controller('drafts')
export class DraftsController {
  constructor(private readonly drafts: DraftService) {}

  /** Newest first; `status=pending` is the approval queue. */
  @Get()
  list(@Query() query: DraftQueryDto): Promise<Page<DraftView>> {
    return this.drafts.list(query);
  }

  @Post(':id/approve')
  @HttpCode(200)
  approve(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ApproveDraftDto): Promise<DraftView> {
    return this.drafts.approve(p, id, dto.body);
  }

  @Post(':id/reject')
  @HttpCode(200)
  reject(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RejectDraftDto): Promise<DraftView> {
    return this.drafts.reject(p, id, dto.reason);
  }
}

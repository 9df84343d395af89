import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AssistantReport, ConversationVolumeReport, DeliveryReport, DraftReport, KnowledgeGapView } from '@parley/contracts';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { AssistantReportQueryDto, DateRangeQueryDto, KnowledgeGapQueryDto } from './report-query.dto';
import { MAX_DAILY_RANGE_DAYS, ReportsService } from './reports.service';

/** Readable by admins and operators, always for the caller's workspace; days are the workspace's local days. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** Questions the assistant could not answer, grouped by topic, most asked first: the articles to write next. */
  @Get('knowledge-gaps')
  @ApiOperation({ summary: 'Unanswered questions by topic, most asked first' })
  async knowledgeGaps(@CurrentPrincipal() p: Principal, @Query() q: KnowledgeGapQueryDto): Promise<{ items: KnowledgeGapView[]; from: string; to: string }> {
    return this.reports.knowledgeGaps(p.workspaceId, await this.reports.range(p.workspaceId, q), q.limit);
  }

  /** Conversations created per day and channel, every day of the range included (at most 731 days). */
  @Get('conversations')
  @ApiOperation({ summary: 'Conversations created per day and channel' })
  async conversations(@CurrentPrincipal() p: Principal, @Query() q: DateRangeQueryDto): Promise<ConversationVolumeReport> {
    return this.reports.conversations(p.workspaceId, await this.reports.range(p.workspaceId, q, MAX_DAILY_RANGE_DAYS));
  }

  /** The assistant's resolution rate, escalation rate and reasons, and how fast humans answer its escalations. */
  @Get('assistant')
  @ApiOperation({ summary: 'AI resolution rate, escalations by reason, first human response times' })
  async assistant(@CurrentPrincipal() p: Principal, @Query() q: AssistantReportQueryDto): Promise<AssistantReport> {
    return this.reports.assistant(p.workspaceId, await this.reports.range(p.workspaceId, q), q.limit);
  }

  /** What became of the AI drafts created in the range: approved (and how many edited first), rejected, withdrawn, pending. */
  @Get('drafts')
  @ApiOperation({ summary: 'Drafts created in the range by outcome' })
  async drafts(@CurrentPrincipal() p: Principal, @Query() q: DateRangeQueryDto): Promise<DraftReport> {
    return this.reports.drafts(p.workspaceId, await this.reports.range(p.workspaceId, q));
  }

  /** Outbound messages per channel with their failure rate and the providers' error codes. */
  @Get('delivery')
  @ApiOperation({ summary: 'Delivery failures by channel and error code' })
  async delivery(@CurrentPrincipal() p: Principal, @Query() q: DateRangeQueryDto): Promise<DeliveryReport> {
    return this.reports.delivery(p.workspaceId, await this.reports.range(p.workspaceId, q));
  }
}

import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AutonomyPolicyView, AutonomyPreview } from '@parley/contracts';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { AutonomyPolicyDto } from './autonomy.dto';
import { AutonomyService } from './autonomy.service';

/** Stored here; the assistant's decision table reads it. */
@ApiTags('autonomy')
@ApiBearerAuth()
@Controller('autonomy')
export class AutonomyController {
  constructor(private readonly autonomy: AutonomyService) {}

  @Get()
  get(@CurrentPrincipal() p: Principal): Promise<AutonomyPolicyView> {
    return this.autonomy.get(p.workspaceId);
  }

  @Roles('admin')
  @Put()
  put(@CurrentPrincipal() p: Principal, @Body() dto: AutonomyPolicyDto): Promise<AutonomyPolicyView> {
    return this.autonomy.put(p.workspaceId, dto);
  }

  /** Nothing is saved: what this policy would do with a reply, per channel account, intent and reported risk. */
  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'The decision table for a policy (saved or not), from the function the assistant decides with' })
  preview(@Body() dto: AutonomyPolicyDto): Promise<AutonomyPreview> {
    return this.autonomy.preview(dto);
  }
}

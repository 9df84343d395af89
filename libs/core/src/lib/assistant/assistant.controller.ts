import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { AssistantSettingsView, AssistantTrial } from '@parley/contracts';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { AssistantSettingsService } from './assistant-settings.service';
import { AssistantSettingsDto, AssistantTrialDto } from './assistant.dto';
import { AssistantTrialService } from './assistant-trial.service';

@ApiTags('assistant')
@ApiBearerAuth()
@Controller('assistant')
export class AssistantController {
  constructor(
    private readonly em: EntityManager,
    private readonly settings: AssistantSettingsService,
    private readonly trial: AssistantTrialService,
  ) {}

  /** "Try it": the saved provider's report on a question and the decision it would lead to; no customer is touched. */
  @Roles('admin')
  @Post('try')
  @HttpCode(200)
  try(@CurrentPrincipal() p: Principal, @Body() dto: AssistantTrialDto): Promise<AssistantTrial> {
    return this.trial.try(p.workspaceId, dto.question, dto.channelAccountId);
  }

  @Get()
  async get(@CurrentPrincipal() p: Principal): Promise<AssistantSettingsView> {
    return this.settings.view(await this.settings.get(this.em, p.workspaceId));
  }

  @Roles('admin')
  @Put()
  async put(@CurrentPrincipal() p: Principal, @Body() dto: AssistantSettingsDto): Promise<AssistantSettingsView> {
    return this.settings.view(await this.settings.update(this.em, p.workspaceId, dto));
  }
}

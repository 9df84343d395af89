import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { AssistantSettingsView } from '@parley/contracts';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { AssistantSettingsService } from './assistant-settings.service';
import { AssistantSettingsDto } from './assistant.dto';

@ApiTags('assistant')
@ApiBearerAuth()
@Controller('assistant')
export class AssistantController {
  constructor(
    private readonly em: EntityManager,
    private readonly settings: AssistantSettingsService,
  ) {}

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

import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { WorkspaceView } from '@parley/contracts';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { DEFAULT_AUTO_REPLY_LIMIT_PER_HOUR, DEFAULT_ESCALATION_SLA_MINUTES, Workspace } from './workspace.entity';
import { UpdateWorkspaceDto } from './workspace.dto';

const toView = (w: Workspace): WorkspaceView => ({
  id: w.id,
  name: w.name,
  timezone: w.timezone,
  settings: {
    escalationSlaMinutes: w.settings.escalationSlaMinutes ?? DEFAULT_ESCALATION_SLA_MINUTES,
    bookingUrlTemplate: w.settings.bookingUrlTemplate ?? null,
    followUpHours: w.settings.followUpHours ?? null,
    autoReplyLimitPerHour: w.settings.autoReplyLimitPerHour ?? DEFAULT_AUTO_REPLY_LIMIT_PER_HOUR,
  },
});

/** The caller's workspace: name, time zone, and the operational settings the assistant and SLA use. */
@ApiTags('workspace')
@ApiBearerAuth()
@Controller('workspace')
export class WorkspaceController {
  constructor(private readonly em: EntityManager) {}

  @Get()
  async get(@CurrentPrincipal() p: Principal): Promise<WorkspaceView> {
    return toView(await this.em.findOneOrFail(Workspace, p.workspaceId));
  }

  @Roles('admin')
  @Patch()
  async update(@CurrentPrincipal() p: Principal, @Body() dto: UpdateWorkspaceDto): Promise<WorkspaceView> {
    const w = await this.em.findOneOrFail(Workspace, p.workspaceId);
    if (dto.name !== undefined) w.name = dto.name;
    if (dto.timezone !== undefined) w.timezone = dto.timezone;
    if (dto.settings) {
      const next = { ...w.settings };
      for (const [key, value] of Object.entries(dto.settings) as [keyof typeof dto.settings, unknown][]) {
        if (value === undefined) continue;
        if (value === null) delete next[key];
        else Object.assign(next, { [key]: value });
      }
      w.settings = next;
    }
    await this.em.flush();
    return toView(w);
  }
}

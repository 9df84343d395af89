import { Body, Controller, Get, NotFoundException, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { AutonomyPolicyView } from '@parley/contracts';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { AutonomyPolicy, policyFor } from './autonomy-policy.entity';
import { AutonomyPolicyDto } from './autonomy.dto';

const toView = (p: AutonomyPolicy): AutonomyPolicyView => ({
  level: p.level,
  channelOverrides: p.channelOverrides,
  autoReplyIntents: p.autoReplyIntents,
  highRiskIntents: p.highRiskIntents,
});

/** Stored here; the assistant's decision table reads it. */
@ApiTags('autonomy')
@ApiBearerAuth()
@Controller('autonomy')
export class AutonomyController {
  constructor(private readonly em: EntityManager) {}

  @Get()
  async get(@CurrentPrincipal() p: Principal): Promise<AutonomyPolicyView> {
    return toView(await policyFor(this.em, p.workspaceId));
  }

  @Roles('admin')
  @Put()
  async put(@CurrentPrincipal() p: Principal, @Body() dto: AutonomyPolicyDto): Promise<AutonomyPolicyView> {
    const ids = Object.keys(dto.channelOverrides);
    if (ids.length && (await this.em.count(ChannelAccount, { id: { $in: ids } })) !== ids.length) {
      throw new NotFoundException('channelOverrides names a channel account that does not exist');
    }
    const policy = await policyFor(this.em, p.workspaceId);
    this.em.persist(policy);
    Object.assign(policy, dto);
    await this.em.flush();
    return toView(policy);
  }
}

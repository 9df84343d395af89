import { Body, Controller, Get, HttpCode, NotFoundException, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { EntityManager } from '@mikro-orm/postgresql';
import type { AuthResult, MeView } from '@parley/contracts';
import { AuthService } from './auth.service';
import { LoginDto, SignupDto } from './auth.dto';
import { CurrentPrincipal, Public, type Principal } from './principal';
import { User } from './user.entity';
import { Workspace } from '../workspace/workspace.entity';
import { toUserView } from './user.view';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly em: EntityManager,
  ) {}

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Throttle({ default: { limit: 5, ttl: 60_000 } })
  @Post('auth/signup')
  signup(@Body() dto: SignupDto): Promise<AuthResult> {
    return this.auth.signup(dto);
  }

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @HttpCode(200)
  @Post('auth/login')
  login(@Body() dto: LoginDto): Promise<AuthResult> {
    return this.auth.login(dto);
  }

  @ApiBearerAuth()
  @Get('me')
  async me(@CurrentPrincipal() principal: Principal): Promise<MeView | Record<string, unknown>> {
    const workspace = await this.em.findOneOrFail(Workspace, principal.workspaceId);
    const ws = { id: workspace.id, name: workspace.name, timezone: workspace.timezone };
    if (principal.kind === 'api_key') {
      return { kind: 'api_key', id: principal.id, name: principal.name, role: principal.role, workspaceId: workspace.id, workspace: ws };
    }
    const user = await this.em.findOne(User, principal.id);
    if (!user) throw new NotFoundException('User not found');
    return { ...toUserView(user), workspace: ws };
  }
}

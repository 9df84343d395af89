import { Body, Controller, Get, Post, UseGuards } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { AuthResult, SetupStatus } from '@parley/contracts';
import { Public } from './principal';
import { SetupDto } from './setup.dto';
import { SetupService } from './setup.service';

/** First start without the demo: the one-time link the server prints leads here (see README, "Production"). */
@ApiTags('auth')
@Controller('setup')
export class SetupController {
  constructor(private readonly setup: SetupService) {}

  /** What the dashboard's sign-in page may say: no admin yet (point to the setup link), or the demo login. */
  @Public()
  @Get()
  @ApiOkResponse({
    description:
      '`{required, demo}`: `required` while the server has no user (create the first admin with the printed link or `create-admin`); `demo` when the public demo login (admin@acme.test) exists and the server does not run in production',
  })
  status(): Promise<SetupStatus> {
    return this.setup.status();
  }

  /** Creates the first workspace and its admin with the printed link's token, once; signs the admin in. */
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @Post()
  @ApiCreatedResponse({ description: 'The first admin, signed in (as `POST /auth/signup` answers)' })
  @ApiUnauthorizedResponse({ description: 'The token is wrong, used or expired' })
  @ApiConflictResponse({ description: 'The server already has users: setup is closed for good' })
  complete(@Body() dto: SetupDto): Promise<AuthResult> {
    return this.setup.complete(dto);
  }
}

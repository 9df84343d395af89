import { Body, Controller, Get, Post, UseGuards } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { AuthResult } from '@parley/contracts';
import { Public } from './principal';
import { SetupDto } from './setup.dto';
import { SetupService } from './setup.service';

/** First start without the demo: the one-time link the server prints leads here (see README, "Production"). */
@ApiTags('auth')
@Controller('setup')
export class SetupController {
  constructor(private readonly setup: SetupService) {}

  /** Whether the server still waits for its first admin (the dashboard's setup page asks). */
  @Public()
  @Get()
  async status(): Promise<{ required: boolean }> {
    return { required: await this.setup.required() };
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

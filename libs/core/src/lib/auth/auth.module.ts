import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { AuthController } from './auth.controller';
import { UsersController } from './users.controller';
import { ApiKeysController } from './api-keys.controller';
import { AuthService } from './auth.service';
import { PasswordService } from './password.service';
import { AuthGuard } from './auth.guard';
import { TokenVerifier } from './token-verifier';
import { SetupController } from './setup.controller';
import { SetupService } from './setup.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // A KeyObject, made once: given a string, jsonwebtoken first tries (and fails) to parse it as a PEM
      // public key on every verify, which cost a third of the API's CPU per request.
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.jwtSecret)),
        signOptions: { expiresIn: '12h', algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    // Applied per route (login, signup) with @UseGuards(ThrottlerGuard), not globally.
    ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: 100 }]),
  ],
  controllers: [AuthController, UsersController, ApiKeysController, SetupController],
  providers: [AuthService, PasswordService, TokenVerifier, SetupService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, PasswordService, TokenVerifier, SetupService, JwtModule],
})
export class AuthModule {}

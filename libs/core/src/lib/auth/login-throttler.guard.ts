import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Counts attempts per client address and account, so one office behind NAT does not lock out another. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const email = typeof req['body']?.email === 'string' ? req['body'].email.trim().toLowerCase() : '';
    return `${req['ip']}|${email}`;
  }
}

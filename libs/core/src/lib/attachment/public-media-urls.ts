import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';

/** The route the URLs point at, under PUBLIC_URL (see PublicMediaController). */
export const PUBLIC_MEDIA_ROUTE = 'media';

/**
 * Public URLs of outbound attachments, for providers that fetch media themselves (Twilio MMS). A URL is
 * `<PUBLIC_URL>/api/v1/media/<attachment id>/<expiry, unix seconds>/<HMAC of both>`: it names one file,
 * cannot be guessed or altered without the server's secret, and stops working at its expiry.
 */
@Injectable()
export class PublicMediaUrls {
  /** A key of its own, derived from JWT_SECRET: a media URL can never pass for anything else signed with it. */
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = createHmac('sha256', config.jwtSecret).update('parley:public-media-url:v1').digest();
  }

  urlFor(attachmentId: string, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + this.config.publicMediaUrlTtlSeconds;
    return `${this.config.publicUrl}/api/v1/${PUBLIC_MEDIA_ROUTE}/${attachmentId}/${expires}/${this.sign(attachmentId, String(expires))}`;
  }

  /** `expired` only for a URL this server signed; anything altered is `invalid`. */
  check(attachmentId: string, expires: string, signature: string, now = Date.now()): 'valid' | 'expired' | 'invalid' {
    if (!/^\d{1,12}$/.test(expires)) return 'invalid';
    // Compared as text: two base64url spellings of the same bytes must not both pass.
    const expected = Buffer.from(this.sign(attachmentId, expires));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    return Number(expires) * 1000 <= now ? 'expired' : 'valid';
  }

  private sign(attachmentId: string, expires: string): string {
    return createHmac('sha256', this.key).update(`${attachmentId}.${expires}`).digest('base64url');
  }
}

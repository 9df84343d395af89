import { Secret } from '@parley/plugin-sdk';
import { IsNotEmpty, IsOptional, IsString, IsUrl, Matches } from 'class-validator';

/** Graph API base URL used when `apiBaseUrl` is not set. */
export const WHATSAPP_DEFAULT_API_BASE_URL = 'https://graph.facebook.com';
/** Graph API version used when `apiVersion` is not set. */
export const WHATSAPP_DEFAULT_API_VERSION = 'v21.0';

/** Config of a WhatsApp Business number on Meta's Cloud API. */
export class WhatsAppCloudConfig {
  /** Phone number ID (WhatsApp > API Setup), digits only; not the phone number itself. */
  @IsString({ message: 'phoneNumberId must be a string' })
  @Matches(/^\d+$/, { message: 'phoneNumberId must contain only digits' })
  phoneNumberId: string;

  /** System-user access token with whatsapp_business_messaging permission. */
  @Secret()
  @IsString({ message: 'accessToken must be a string' })
  @IsNotEmpty({ message: 'accessToken is required' })
  accessToken: string;

  /** App secret (App settings > Basic); verifies the X-Hub-Signature-256 of webhooks. */
  @Secret()
  @IsString({ message: 'appSecret must be a string' })
  @IsNotEmpty({ message: 'appSecret is required' })
  appSecret: string;

  /** Any string you choose; Meta echoes it back when verifying the callback URL. */
  @Secret()
  @IsString({ message: 'verifyToken must be a string' })
  @IsNotEmpty({ message: 'verifyToken is required' })
  verifyToken: string;

  /**
   * Graph API base URL; defaults to https://graph.facebook.com (WHATSAPP_DEFAULT_API_BASE_URL).
   * Override for a mock server in tests, e.g. http://127.0.0.1:4010.
   */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'apiBaseUrl must be an http(s) URL' })
  apiBaseUrl?: string;

  /** Graph API version such as v21.0; defaults to v21.0 (WHATSAPP_DEFAULT_API_VERSION). */
  @IsOptional()
  @IsString({ message: 'apiVersion must be a string' })
  @Matches(/^v\d+\.\d+$/, { message: 'apiVersion must look like v21.0' })
  apiVersion?: string;
}

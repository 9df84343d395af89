import { Secret } from '@parley/plugin-sdk';
import { IsNotEmpty, IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';

/** Where requests go when `apiBaseUrl` is not set. */
export const TWILIO_VOICE_DEFAULT_API_BASE_URL = 'https://api.twilio.com';

/** Config of a Twilio Programmable Voice channel account. */
export class TwilioVoiceConfig {
  /** Twilio Account SID (Console > Account info), `AC` + 32 hex characters. */
  @IsString({ message: 'accountSid must be a string' })
  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'accountSid must look like AC followed by 32 hexadecimal characters' })
  accountSid: string;

  /** Twilio Auth Token; also used to verify the X-Twilio-Signature of webhooks. */
  @Secret()
  @IsString({ message: 'authToken must be a string' })
  @IsNotEmpty({ message: 'authToken is required' })
  authToken: string;

  /** Text-to-speech voice for <Say>, e.g. alice, Polly.Joanna or Google.en-US-Standard-C. */
  @IsOptional()
  @IsString({ message: 'voice must be a string' })
  @MaxLength(64, { message: 'voice must be at most 64 characters' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
    message: 'voice must be a Twilio voice name such as alice or Polly.Joanna',
  })
  voice?: string;

  /** Language of speech and recognition as a BCP 47 tag, e.g. en-US. */
  @IsOptional()
  @IsString({ message: 'language must be a string' })
  @Matches(/^[a-z]{2,3}-[A-Z]{2}$/, { message: 'language must look like en-US' })
  language?: string;

  /**
   * Twilio REST API base URL; defaults to https://api.twilio.com (TWILIO_VOICE_DEFAULT_API_BASE_URL).
   * Override for a mock server in tests, e.g. http://127.0.0.1:4010.
   */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'apiBaseUrl must be an http(s) URL' })
  apiBaseUrl?: string;
}

import { Secret } from '@parley/plugin-sdk';
import {
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  ValidateIf,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';

/** Where requests go when `apiBaseUrl` is not set. */
export const TWILIO_DEFAULT_API_BASE_URL = 'https://api.twilio.com';

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

const SENDERS = ['fromNumber', 'messagingServiceSid'] as const;

const isSet = (value: unknown): boolean => value !== undefined && value !== null;

@ValidatorConstraint({ name: 'exactlyOneSender' })
class ExactlyOneSenderConstraint implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    const config = args.object as Record<string, unknown>;
    return SENDERS.filter((field) => isSet(config[field])).length === 1;
  }

  defaultMessage(args: ValidationArguments): string {
    const config = args.object as Record<string, unknown>;
    return SENDERS.every((field) => isSet(config[field]))
      ? `${args.property}: set only one of fromNumber or messagingServiceSid, not both`
      : `${args.property}: one of fromNumber or messagingServiceSid is required`;
  }
}

/** The sender is either a phone number or a Messaging Service: exactly one of the two. */
function ExactlyOneSender(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: ExactlyOneSenderConstraint,
    });
}

/**
 * Validate a sender field when it is given, or when neither sender is given (so that the missing
 * sender is reported under each field's own name); skip it when the other sender is the one used.
 */
const senderInUse = (field: (typeof SENDERS)[number]) => (config: TwilioSmsConfig) => isSet(config[field]) || SENDERS.every((f) => !isSet(config[f]));

/** Config of a Twilio SMS/MMS channel account. */
export class TwilioSmsConfig {
  /** Twilio Account SID (Console > Account info), `AC` + 32 hex characters. */
  @IsString({ message: 'accountSid must be a string' })
  @Matches(ACCOUNT_SID, { message: 'accountSid must look like AC followed by 32 hexadecimal characters' })
  accountSid: string;

  /** Twilio Auth Token; also used to verify the X-Twilio-Signature of webhooks. */
  @Secret()
  @IsString({ message: 'authToken must be a string' })
  @IsNotEmpty({ message: 'authToken is required' })
  authToken: string;

  /** Sending phone number in E.164 form (+15551234567). Exactly one of this or messagingServiceSid. */
  @ValidateIf(senderInUse('fromNumber'))
  @ExactlyOneSender()
  @Matches(E164, { message: 'fromNumber must be an E.164 phone number such as +15551234567' })
  fromNumber?: string;

  /** Messaging Service SID, `MG` + 32 hex characters. Exactly one of this or fromNumber. */
  @ValidateIf(senderInUse('messagingServiceSid'))
  @ExactlyOneSender()
  @Matches(MESSAGING_SERVICE_SID, {
    message: 'messagingServiceSid must look like MG followed by 32 hexadecimal characters',
  })
  messagingServiceSid?: string;

  /**
   * Twilio REST API base URL; defaults to https://api.twilio.com (TWILIO_DEFAULT_API_BASE_URL).
   * Override for a mock server in tests, e.g. http://127.0.0.1:4010.
   */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'apiBaseUrl must be an http(s) URL' })
  apiBaseUrl?: string;
}

import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsOptional,
  IsString,
  MaxLength,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';

export const WEBCHAT_TITLE_MAX_LENGTH = 60;
export const WEBCHAT_WELCOME_MESSAGE_MAX_LENGTH = 500;

/**
 * A browser origin exactly as the browser sends it in the Origin header: scheme http or https,
 * lower-case host, optional non-default port, no path, query, fragment, credentials or trailing slash.
 */
function isOrigin(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
}

@ValidatorConstraint({ name: 'isOrigin' })
class IsOriginConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isOrigin(value);
  }

  defaultMessage(): string {
    return 'each allowedOrigins entry must be an origin such as https://example.com or http://localhost:4200 (no path or trailing slash)';
  }
}

function IsOrigin(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: IsOriginConstraint,
    });
}

/** Config of a web chat widget. */
export class WebchatConfig {
  /** Sites allowed to embed the widget, matched against the browser's Origin header. */
  @IsArray({ message: 'allowedOrigins must be an array of origins' })
  @ArrayNotEmpty({ message: 'allowedOrigins must list at least one origin' })
  @ArrayMaxSize(100, { message: 'allowedOrigins may list at most 100 origins' })
  @IsOrigin({ each: true })
  allowedOrigins: string[];

  /** Widget header title, e.g. "Chat with Acme". */
  @IsOptional()
  @IsString({ message: 'title must be a string' })
  @MaxLength(WEBCHAT_TITLE_MAX_LENGTH, { message: `title must be at most ${WEBCHAT_TITLE_MAX_LENGTH} characters` })
  title?: string;

  /** First message shown to a visitor when the widget opens. */
  @IsOptional()
  @IsString({ message: 'welcomeMessage must be a string' })
  @MaxLength(WEBCHAT_WELCOME_MESSAGE_MAX_LENGTH, {
    message: `welcomeMessage must be at most ${WEBCHAT_WELCOME_MESSAGE_MAX_LENGTH} characters`,
  })
  welcomeMessage?: string;
}

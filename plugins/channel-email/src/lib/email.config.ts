import { Secret } from '@parley/plugin-sdk';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsEmail, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';

/** Outgoing mail server of an email channel account. */
export class SmtpSettings {
  /** SMTP server host name, e.g. smtp.example.com. */
  @IsString({ message: 'host must be a string' })
  @IsNotEmpty({ message: 'host is required' })
  host: string;

  /** SMTP port: usually 587 (STARTTLS), 465 (implicit TLS) or 25. */
  @IsInt({ message: 'port must be an integer' })
  @Min(1, { message: 'port must be between 1 and 65535' })
  @Max(65535, { message: 'port must be between 1 and 65535' })
  port: number;

  /** true for implicit TLS (port 465); false to connect plain and upgrade with STARTTLS. */
  @IsBoolean({ message: 'secure must be true or false' })
  secure: boolean;

  /** SMTP user name; leave out for servers that accept mail without authentication. */
  @IsOptional()
  @IsString({ message: 'user must be a string' })
  user?: string;

  /** SMTP password. Secret: its path in the account config is `smtp.password` (see `secretPaths(EmailConfig)`). */
  @Secret()
  @IsOptional()
  @IsString({ message: 'password must be a string' })
  password?: string;
}

/**
 * Secret fields of the email config, as dotted paths from the config root. `secretFields(EmailConfig)`
 * only sees top-level fields and is therefore empty; the nested secret is declared with @Secret() on
 * SmtpSettings.password and is addressed as `smtp.password`.
 */

/** Config of an email channel account (a mailbox such as support@example.com). */
export class EmailConfig {
  /** The mailbox address customers write to, and the From address of replies. */
  @IsEmail({}, { message: 'address must be an email address' })
  address: string;

  /** Display name in the From header, e.g. "Acme Support". */
  @IsOptional()
  @IsString({ message: 'fromName must be a string' })
  @MaxLength(100, { message: 'fromName must be at most 100 characters' })
  fromName?: string;

  /** Outgoing mail server. */
  @IsDefined({ message: 'smtp is required' })
  @IsObject({ message: 'smtp must be an object' })
  @ValidateNested()
  @Type(() => SmtpSettings)
  smtp: SmtpSettings;
}

import { Secret } from '@parley/plugin-sdk';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

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

/** Incoming mailbox of an email channel account, read over IMAP (Gmail, Microsoft 365, any IMAP server). */
export class ImapSettings {
  /** IMAP server host name, e.g. imap.gmail.com or outlook.office365.com. */
  @IsString({ message: 'host must be a string' })
  @IsNotEmpty({ message: 'host is required' })
  host: string;

  /** IMAP port: usually 993 (implicit TLS) or 143 (STARTTLS). */
  @IsInt({ message: 'port must be an integer' })
  @Min(1, { message: 'port must be between 1 and 65535' })
  @Max(65535, { message: 'port must be between 1 and 65535' })
  port: number;

  /** true for implicit TLS (port 993); false to connect plain and upgrade with STARTTLS. */
  @IsBoolean({ message: 'secure must be true or false' })
  secure: boolean;

  /** IMAP user name, usually the mailbox address. */
  @IsString({ message: 'user must be a string' })
  @IsNotEmpty({ message: 'user is required' })
  user: string;

  /** IMAP password (for Gmail and Microsoft 365: an app password). Secret: `imap.password`. */
  @Secret()
  @IsString({ message: 'password must be a string' })
  @IsNotEmpty({ message: 'password is required' })
  password: string;

  /** The folder to read; INBOX when not set. */
  @IsOptional()
  @IsString({ message: 'mailbox must be a string' })
  @IsNotEmpty({ message: 'mailbox must not be empty' })
  @MaxLength(200, { message: 'mailbox must be at most 200 characters' })
  mailbox?: string;
}

/**
 * Secret fields of the email config, as dotted paths from the config root. `secretFields(EmailConfig)`
 * only sees top-level fields (`inboundSecret`); the nested secrets are declared with @Secret() on
 * SmtpSettings.password and ImapSettings.password and are addressed as `smtp.password` and `imap.password`.
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

  /** Incoming mailbox read over IMAP; leave out when mail arrives by MX (the SMTP listener) or webhook. */
  @IsOptional()
  @IsObject({ message: 'imap must be an object' })
  @ValidateNested()
  @Type(() => ImapSettings)
  imap?: ImapSettings;

  /**
   * Shared secret of the inbound-parse webhook (`POST /webhooks/email/:id`): sent as the `X-Parley-Secret`
   * header or as the password of HTTP basic auth. Without it the webhook refuses every request.
   */
  @Secret()
  @IsOptional()
  @IsString({ message: 'inboundSecret must be a string' })
  @MinLength(16, { message: 'inboundSecret must be at least 16 characters' })
  @MaxLength(200, { message: 'inboundSecret must be at most 200 characters' })
  inboundSecret?: string;
}

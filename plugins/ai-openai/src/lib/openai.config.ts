import { Secret } from '@parley/plugin-sdk';
import { IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, IsUrl, Max, MaxLength, Min } from 'class-validator';

export const OPENAI_DEFAULT_TIMEOUT_MS = 20_000;
export const OPENAI_DEFAULT_MAX_RETRIES = 2;
export const OPENAI_SYSTEM_PROMPT_MAX_LENGTH = 4000;

/** Config of the OpenAI-compatible assistant: which server, which model, how patient to be. */
export class OpenAiConfig {
  /**
   * Base URL of the chat-completions API, up to and including the version segment:
   * https://api.openai.com/v1, or a local server such as http://localhost:11434/v1 (Ollama).
   */
  @IsUrl(
    // Local servers are plain http on localhost or a LAN address, hence no TLD and no https requirement.
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'baseUrl must be an http(s) URL such as https://api.openai.com/v1' },
  )
  baseUrl: string;

  /** Sent as `Authorization: Bearer <apiKey>`; leave empty for local servers that need no key. */
  @Secret()
  @IsOptional()
  @IsString({ message: 'apiKey must be a string' })
  apiKey?: string;

  /** Model name as the server knows it, e.g. gpt-4o-mini or llama3.1:8b. */
  @IsString({ message: 'model must be a string' })
  @IsNotEmpty({ message: 'model is required' })
  @MaxLength(200, { message: 'model must be at most 200 characters' })
  model: string;

  /** Sampling temperature; the server's default when not set. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'temperature must be a number' })
  @Min(0, { message: 'temperature must be between 0 and 2' })
  @Max(2, { message: 'temperature must be between 0 and 2' })
  temperature?: number;

  /** Deadline of one request in milliseconds (each retry gets its own). */
  @IsOptional()
  @IsInt({ message: 'timeoutMs must be an integer' })
  @Min(1000, { message: 'timeoutMs must be between 1000 and 30000' })
  @Max(30_000, { message: 'timeoutMs must be between 1000 and 30000' })
  timeoutMs?: number = OPENAI_DEFAULT_TIMEOUT_MS;

  /** Retries on connection errors, timeouts, 408/409/429 and 5xx answers. */
  @IsOptional()
  @IsInt({ message: 'maxRetries must be an integer' })
  @Min(0, { message: 'maxRetries must be between 0 and 2' })
  @Max(2, { message: 'maxRetries must be between 0 and 2' })
  maxRetries?: number = OPENAI_DEFAULT_MAX_RETRIES;

  /** Extra instructions from the business (tone, name, what to mention); they never override the built-in rules. */
  @IsOptional()
  @IsString({ message: 'systemPrompt must be a string' })
  @MaxLength(OPENAI_SYSTEM_PROMPT_MAX_LENGTH, {
    message: `systemPrompt must be at most ${OPENAI_SYSTEM_PROMPT_MAX_LENGTH} characters`,
  })
  systemPrompt?: string;
}

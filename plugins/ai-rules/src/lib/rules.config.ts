import { IsBoolean, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const RULES_DEFAULT_MIN_RELEVANCE = 0.05;
export const RULES_PERSONA_MAX_LENGTH = 200;

/** Config of the built-in rules assistant. */
export class RulesConfig {
  /** Knowledge score (0..1) below which a question counts as out of scope and is escalated. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'minRelevance must be a number' })
  @Min(0, { message: 'minRelevance must be between 0 and 1' })
  @Max(1, { message: 'minRelevance must be between 0 and 1' })
  minRelevance?: number = RULES_DEFAULT_MIN_RELEVANCE;

  /** Hand the conversation to a human when the customer appears frustrated. */
  @IsOptional()
  @IsBoolean({ message: 'escalateOnFrustration must be a boolean' })
  escalateOnFrustration?: boolean = true;

  /** How the assistant introduces itself, e.g. "Acme's assistant". */
  @IsOptional()
  @IsString({ message: 'persona must be a string' })
  @MaxLength(RULES_PERSONA_MAX_LENGTH, { message: `persona must be at most ${RULES_PERSONA_MAX_LENGTH} characters` })
  persona?: string;
}

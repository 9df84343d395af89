import { INTENTS, RISK_LEVELS } from '@parley/contracts';
import type { AssistantAction, AssistantReport } from '@parley/plugin-sdk';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateNested,
  validate,
  type ValidationError,
} from 'class-validator';

/**
 * The report as JSON Schema, for `response_format: json_schema` with `strict: true`. Strict mode wants
 * every property required and no extra ones, so "not applicable" is `null` rather than absent.
 */
export const ASSISTANT_REPORT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['reply', 'intent', 'risk', 'escalate', 'resolve', 'actions', 'unanswered'],
  properties: {
    reply: { type: ['string', 'null'], description: 'Message to send to the customer; null to send nothing.' },
    intent: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'confidence'],
      properties: {
        name: { type: 'string', enum: [...INTENTS] },
        confidence: { type: 'number', description: 'From 0 to 1.' },
      },
    },
    risk: {
      type: 'object',
      additionalProperties: false,
      required: ['level', 'reasons'],
      properties: {
        level: { type: 'string', enum: [...RISK_LEVELS] },
        reasons: { type: 'array', items: { type: 'string' } },
      },
    },
    escalate: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['reason'],
      properties: { reason: { type: 'string' } },
    },
    resolve: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['resolved', 'confidence'],
      properties: { resolved: { type: 'boolean' }, confidence: { type: 'number', description: 'From 0 to 1.' } },
    },
    actions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'jobType', 'externalId'],
        properties: {
          type: { type: 'string', enum: ['book'] },
          jobType: { type: 'string', description: 'Short name of the job to book, e.g. "boiler service".' },
          externalId: { type: ['string', 'null'] },
        },
      },
    },
    unanswered: { type: 'boolean', description: 'True when the knowledge snippets do not answer the question.' },
  },
} as const;

class IntentDto {
  @IsIn(INTENTS, { message: `intent.name must be one of ${INTENTS.join(', ')}` })
  name: string;

  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'intent.confidence must be a number' })
  @Min(0, { message: 'intent.confidence must be between 0 and 1' })
  @Max(1, { message: 'intent.confidence must be between 0 and 1' })
  confidence: number;
}

class RiskDto {
  @IsIn(RISK_LEVELS, { message: `risk.level must be one of ${RISK_LEVELS.join(', ')}` })
  level: (typeof RISK_LEVELS)[number];

  @IsArray({ message: 'risk.reasons must be an array' })
  @IsString({ each: true, message: 'risk.reasons must contain only strings' })
  reasons: string[];
}

class EscalateDto {
  @IsString({ message: 'escalate.reason must be a string' })
  @IsNotEmpty({ message: 'escalate.reason must not be empty' })
  reason: string;
}

class ResolveDto {
  @IsBoolean({ message: 'resolve.resolved must be a boolean' })
  resolved: boolean;

  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'resolve.confidence must be a number' })
  @Min(0, { message: 'resolve.confidence must be between 0 and 1' })
  @Max(1, { message: 'resolve.confidence must be between 0 and 1' })
  confidence: number;
}

class BookActionDto {
  @IsIn(['book'], { message: 'actions.type must be book' })
  type: 'book';

  @IsString({ message: 'actions.jobType must be a string' })
  @IsNotEmpty({ message: 'actions.jobType must not be empty' })
  jobType: string;

  @IsOptional()
  @IsString({ message: 'actions.externalId must be a string' })
  externalId?: string | null;
}

/** The model's answer as parsed JSON; null stands for "not applicable" (see the schema). */
class ReportDto {
  @IsOptional()
  @IsString({ message: 'reply must be a string' })
  reply?: string | null;

  @IsDefined({ message: 'intent is required' })
  @ValidateNested({ message: 'intent must be an object' })
  @Type(() => IntentDto)
  intent: IntentDto;

  @IsDefined({ message: 'risk is required' })
  @ValidateNested({ message: 'risk must be an object' })
  @Type(() => RiskDto)
  risk: RiskDto;

  @IsOptional()
  @ValidateNested({ message: 'escalate must be an object' })
  @Type(() => EscalateDto)
  escalate?: EscalateDto | null;

  @IsOptional()
  @ValidateNested({ message: 'resolve must be an object' })
  @Type(() => ResolveDto)
  resolve?: ResolveDto | null;

  @IsOptional()
  @IsArray({ message: 'actions must be an array' })
  @ValidateNested({ each: true, message: 'actions must contain only objects' })
  @Type(() => BookActionDto)
  actions?: BookActionDto[] | null;

  @IsOptional()
  @IsBoolean({ message: 'unanswered must be a boolean' })
  unanswered?: boolean | null;
}

/** The model answered, but not with a usable report. */
export class InvalidReportError extends Error {}

/** Messages of every failed constraint, nested ones included (they already name their field). */
function messagesOf(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => [...Object.values(e.constraints ?? {}), ...messagesOf(e.children ?? [])]);
}

/**
 * The model's message content as an AssistantReport, or an InvalidReportError saying what is wrong.
 * Nothing is repaired or defaulted: a report that does not validate is not used at all.
 */
export async function parseReport(content: string | null | undefined): Promise<AssistantReport> {
  if (!content?.trim()) throw new InvalidReportError('the reply was empty');
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw new InvalidReportError('the reply was not JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidReportError('the reply was not a JSON object');
  }
  const dto = plainToInstance(ReportDto, json);
  const problems = [...new Set(messagesOf(await validate(dto)))];
  if (problems.length > 0) throw new InvalidReportError(`invalid report: ${problems.join('; ')}`);
  return toReport(dto);
}

/** Only the known fields, with nulls dropped, so nothing unexpected reaches the host. */
function toReport(dto: ReportDto): AssistantReport {
  const report: AssistantReport = {
    intent: { name: dto.intent.name, confidence: dto.intent.confidence },
    risk: { level: dto.risk.level, reasons: [...dto.risk.reasons] },
    actions: (dto.actions ?? []).map(toAction),
  };
  if (typeof dto.reply === 'string' && dto.reply.trim()) report.reply = dto.reply;
  if (dto.escalate) report.escalate = { reason: dto.escalate.reason };
  if (dto.resolve) report.resolve = { resolved: dto.resolve.resolved, confidence: dto.resolve.confidence };
  if (typeof dto.unanswered === 'boolean') report.unanswered = dto.unanswered;
  return report;
}

function toAction(action: BookActionDto): AssistantAction {
  return action.externalId ? { type: 'book', jobType: action.jobType, externalId: action.externalId } : { type: 'book', jobType: action.jobType };
}

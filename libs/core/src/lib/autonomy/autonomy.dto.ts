import { ApiProperty } from '@nestjs/swagger';
import { IsArray, IsIn, IsObject, IsString, ValidateBy, type ValidationOptions } from 'class-validator';
import { AUTONOMY_LEVELS, type AutonomyLevel } from '@parley/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `{[channelAccountId]: level}` with every key a UUID and every value a level. */
function IsLevelMap(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isLevelMap',
      validator: {
        validate: (v: unknown) =>
          !!v &&
          typeof v === 'object' &&
          !Array.isArray(v) &&
          Object.entries(v).every(([k, level]) => UUID.test(k) && (AUTONOMY_LEVELS as readonly string[]).includes(level as string)),
        defaultMessage: () => `channelOverrides must map channel account ids to one of ${AUTONOMY_LEVELS.join(', ')}`,
      },
    },
    options,
  );
}

export class AutonomyPolicyDto {
  @ApiProperty({ enum: AUTONOMY_LEVELS }) @IsIn(AUTONOMY_LEVELS) level: AutonomyLevel;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: [...AUTONOMY_LEVELS] } })
  @IsObject()
  @IsLevelMap()
  channelOverrides: Record<string, AutonomyLevel>;
  @ApiProperty({ type: [String] }) @IsArray() @IsString({ each: true }) autoReplyIntents: string[];
  @ApiProperty({ type: [String] }) @IsArray() @IsString({ each: true }) highRiskIntents: string[];
}

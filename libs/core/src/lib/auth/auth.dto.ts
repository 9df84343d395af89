import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { USER_ROLES, type UserRole } from '@parley/contracts';
import { OptionalNotNull } from '../common/validation';

const normalizeEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class SignupDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(120) workspaceName: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(120) name: string;
  @ApiProperty() @Transform(normalizeEmail) @IsEmail() email: string;
  @ApiProperty({ minLength: 8 }) @IsString() @MinLength(8) @MaxLength(200) password: string;
}

export class LoginDto {
  @ApiProperty() @Transform(normalizeEmail) @IsEmail() email: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) password: string;
}

export class CreateUserDto {
  @ApiProperty() @Transform(normalizeEmail) @IsEmail() email: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(120) name: string;
  @ApiProperty({ minLength: 8 }) @IsString() @MinLength(8) @MaxLength(200) password: string;
  @ApiProperty({ enum: USER_ROLES }) @IsIn(USER_ROLES) role: UserRole;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MinLength(1) @MaxLength(120) name?: string;
  @ApiPropertyOptional() @OptionalNotNull() @Transform(normalizeEmail) @IsEmail() email?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MinLength(8) @MaxLength(200) password?: string;
  @ApiPropertyOptional({ enum: USER_ROLES }) @OptionalNotNull() @IsIn(USER_ROLES) role?: UserRole;
}

export class CreateApiKeyDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(120) name: string;
}

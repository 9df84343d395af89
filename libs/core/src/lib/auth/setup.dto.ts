import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { SignupDto } from './auth.dto';

/** `POST /setup`: the first admin and workspace, with the token of the link the server printed. */
export class SetupDto extends SignupDto {
  @ApiProperty({ description: 'The token of the one-time link the server printed on its first start' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token: string;
}

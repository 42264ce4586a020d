import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength } from 'class-validator';
import { IsEmailAddress, IsText } from '../../common/validation/is-text.js';

export class LoginDto {
  @ApiProperty({ example: 'admin@demo-clinics.example' })
  // Accounts are created with a trimmed, lower-cased e-mail; sign-in accepts it typed the same way.
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsText()
  @IsEmailAddress()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @IsText()
  @MaxLength(200)
  password: string;
}

export class LoginView {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'seconds until the token expires' }) expiresIn: number;
}

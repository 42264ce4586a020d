import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, MaxLength } from 'class-validator';

export class EraseAttendeeDto {
  @ApiProperty({ example: 'ana@example.com' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;
}

export class ErasureReportView {
  @ApiProperty() reservationsAnonymised: number;
}

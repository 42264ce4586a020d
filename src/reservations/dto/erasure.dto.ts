import { ApiProperty } from '@nestjs/swagger';
import { MaxLength } from 'class-validator';
import { IsEmailAddress, IsText } from '../../common/validation/is-text.js';

export class EraseAttendeeDto {
  @ApiProperty({ example: 'ana@example.com' })
  @IsText()
  @IsEmailAddress()
  @MaxLength(254)
  email: string;
}

export class ErasureReportView {
  @ApiProperty() reservationsAnonymised: number;
}

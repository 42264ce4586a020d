import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_STATUS, type ErrorCode } from './error-codes.js';

/** The one error shape every endpoint answers with. */
export class ErrorResponse {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({
    example: 'VALIDATION_FAILED',
    description: 'Stable machine-readable code',
    enum: Object.keys(ERROR_STATUS),
  })
  code: ErrorCode;

  @ApiProperty({ example: 'timeZone must be an IANA time zone such as Europe/London' })
  message: string;

  @ApiPropertyOptional({ description: 'Extra machine-readable context, e.g. the fields that failed' })
  details?: unknown;
}

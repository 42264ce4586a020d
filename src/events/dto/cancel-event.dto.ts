import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsText } from '../../common/validation/is-text.js';
import { OptionalNotNull } from '../../common/validation/null-policy.js';

/** Cancelling an event (or what is left of a series): the attendees' e-mail says why when a reason is given. */
export class CancelEventDto {
  @ApiPropertyOptional({
    example: 'Our speaker is ill.',
    maxLength: 500,
    description:
      'one line the attendees read in their cancellation e-mail (which also offers the clinic’s other sessions with seats); leave it out (or "") for none; null is refused',
  })
  @OptionalNotNull()
  @IsString()
  @IsText()
  @MaxLength(500)
  reason?: string;
}

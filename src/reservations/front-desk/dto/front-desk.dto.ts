import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsEmailAddress, IsText } from '../../../common/validation/is-text.js';
import { OptionalNotNull } from '../../../common/validation/null-policy.js';
import { ReserveSeatsDto } from '../../dto/reservation.dto.js';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** An empty or blank address field is "no address" (a form sends "" for an empty box). */
const optionalEmail = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() || null : value;

/** The door's search box: part of a name or an e-mail address, or a confirmation code. */
export class AttendeeSearchQueryDto {
  @ApiProperty({
    description:
      'a case-insensitive part of the name or e-mail address, or a confirmation code (any case, spaces and dashes ignored)',
    example: 'k7q 3mzd',
  })
  @Transform(trimmed)
  @IsString()
  @IsText()
  @IsNotEmpty()
  @MaxLength(200)
  q: string;
}

/** Admitting someone into a full room (an overbooked event: DESIGN rule 11) needs this, and is recorded. */
export class RoomOverrideDto {
  @ApiPropertyOptional({
    description: 'admit although the room already holds its capacity (checked-in seats); recorded in the audit log',
    example: false,
  })
  @OptionalNotNull()
  @IsBoolean()
  overrideCapacity?: boolean;
}

/** A confirmation code as typed or scanned at the door. */
export class CheckInByCodeDto extends RoomOverrideDto {
  @ApiProperty({ description: 'the confirmation code; case, spaces and dashes are ignored', example: 'K7Q-3MZD' })
  @Transform(trimmed)
  @IsString()
  @IsText()
  @IsNotEmpty()
  @MaxLength(40)
  code: string;
}

/** Someone at the door: a name, the seats, and an e-mail address only if they want the confirmation. */
export class AddWalkInDto extends PickType(ReserveSeatsDto, ['name', 'phone', 'partySize'] as const) {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'wes@example.com',
    description: 'optional; null, empty or left out means none, and no e-mail is sent',
  })
  @IsOptional()
  @Transform(optionalEmail)
  @IsText()
  @IsEmailAddress()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ description: 'seat them although the room is full (checked-in seats); recorded' })
  @OptionalNotNull()
  @IsBoolean()
  overrideCapacity?: boolean;
}

/** Why the clinic cancels a reservation; the attendee reads it in their cancellation e-mail. */
export class StaffCancelDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 500,
    example: 'The attendee phoned to cancel.',
    description: 'told to the attendee; null or left out means no reason given',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsText()
  @MaxLength(500)
  reason?: string | null;
}

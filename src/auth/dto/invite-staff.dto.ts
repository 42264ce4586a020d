import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayUnique, IsArray, IsIn, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { SUPPORTED_LOCALES, type Locale } from '../../i18n/locales.js';
import { IsEmailAddress, IsText } from '../../common/validation/is-text.js';
import { OptionalNotNull } from '../../common/validation/null-policy.js';
import { StaffUserView } from '../../staff/dto/staff.dto.js';
import { STAFF_ROLES, type StaffRole } from '../../staff/staff-user.entity.js';

const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** The same fields as creating an account (POST /api/admin/staff), without the password: the invitee sets it. */
export class InviteStaffDto {
  @ApiProperty({ example: 'dana@lakeside.example' })
  @Transform(trimLower)
  @IsText()
  @IsEmailAddress()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Dana Reyes' })
  @IsString()
  @IsText()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: STAFF_ROLES })
  @IsText()
  @IsIn(STAFF_ROLES)
  role: StaffRole;

  @ApiPropertyOptional({ type: [String], description: 'ids of the clinics a staff member works for; null is refused' })
  @OptionalNotNull()
  @IsArray()
  @ArrayUnique()
  @IsText({ each: true })
  @IsUUID('all', { each: true, message: 'clinicIds must hold clinic ids' })
  clinicIds?: string[];

  @ApiPropertyOptional({
    enum: SUPPORTED_LOCALES,
    description: "language of the invitation e-mail; by default the first named clinic's, else en; null is refused",
  })
  @OptionalNotNull()
  @IsText()
  @IsIn(SUPPORTED_LOCALES)
  locale?: Locale;
}

export class StaffInvitationView extends StaffUserView {
  @ApiProperty({ description: 'true until the invitee has set a password; the account cannot sign in before' })
  invitationPending: boolean;

  @ApiProperty({ description: 'when the link in the invitation e-mail stops working (single use, 7 days)' })
  invitationExpiresAt: string;
}

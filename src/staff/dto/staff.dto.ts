import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { IsEmailAddress, IsText } from '../../common/validation/is-text.js';
import { OptionalNotNull } from '../../common/validation/null-policy.js';
import { STAFF_ROLES, type StaffRole, type StaffUser } from '../staff-user.entity.js';

const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class CreateStaffUserDto {
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

  @ApiProperty({ minLength: 12, maxLength: 200 })
  @IsString()
  @IsText()
  @Length(12, 200, { message: 'password must be 12 to 200 characters long' })
  password: string;

  @ApiPropertyOptional({ type: [String], description: 'ids of the clinics a staff member works for; null is refused' })
  @OptionalNotNull()
  @IsArray()
  @ArrayUnique()
  @IsText({ each: true })
  @IsUUID('all', { each: true, message: 'clinicIds must hold clinic ids' })
  clinicIds?: string[];
}

export class UpdateStaffUserDto {
  @ApiPropertyOptional({ example: 'Dana Reyes', description: 'null is refused' })
  @OptionalNotNull()
  @IsString()
  @IsText()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: STAFF_ROLES, description: 'null is refused' })
  @OptionalNotNull()
  @IsText()
  @IsIn(STAFF_ROLES)
  role?: StaffRole;

  @ApiPropertyOptional({ minLength: 12, description: 'null is refused' })
  @OptionalNotNull()
  @IsString()
  @IsText()
  @Length(12, 200, { message: 'password must be 12 to 200 characters long' })
  password?: string;

  @ApiPropertyOptional({ type: [String], description: 'replaces the clinics; [] for none, null is refused' })
  @OptionalNotNull()
  @IsArray()
  @ArrayUnique()
  @IsText({ each: true })
  @IsUUID('all', { each: true, message: 'clinicIds must hold clinic ids' })
  clinicIds?: string[];

  @ApiPropertyOptional({ description: 'true disables the account at once; false enables it again; null is refused' })
  @OptionalNotNull()
  @IsBoolean()
  disabled?: boolean;
}

export class StaffUserView {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: STAFF_ROLES }) role: StaffRole;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ type: [String] }) clinicIds: string[];
}

export function toStaffUserView(user: StaffUser): StaffUserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabledAt !== null,
    clinicIds: (user.clinics ?? []).map((clinic) => clinic.id).sort(),
  };
}

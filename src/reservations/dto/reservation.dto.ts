import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsBoolean,
  IsDefined,
  IsObject,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsEmailAddress, IsText } from '../../common/validation/is-text.js';
import { OptionalNotNull } from '../../common/validation/null-policy.js';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const normalisedEmail = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class ConsentDto {
  @ApiProperty({ description: 'must be true: the attendee accepts the privacy policy' })
  @Equals(true, { message: 'consent.privacyPolicy must be true to reserve a seat' })
  privacyPolicy: boolean;

  @ApiPropertyOptional({ description: 'reminder e-mails before the event; null is refused', default: true })
  @OptionalNotNull()
  @IsBoolean()
  reminders?: boolean;

  @ApiPropertyOptional({ description: 'news about future events; null is refused', default: false })
  @OptionalNotNull()
  @IsBoolean()
  marketing?: boolean;
}

export class ReserveSeatsDto {
  @ApiProperty({ example: 'Ana Souza' })
  @Transform(trimmed)
  @IsString()
  @IsText()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'ana@example.com' })
  @Transform(normalisedEmail)
  @IsText()
  @IsEmailAddress()
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({
    type: String,
    example: '+351 912 345 678',
    nullable: true,
    description: 'null (or leaving it out) means no phone',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsText()
  @Matches(/^\+?[0-9 ()\-.]{5,40}$/, { message: 'phone must be a phone number of digits, spaces and + ( ) - .' })
  phone?: string;

  @ApiPropertyOptional({
    default: 1,
    minimum: 1,
    maximum: 20,
    description: 'seats: the attendee and their guests; null is refused',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(20)
  partySize?: number;

  @ApiProperty({ type: ConsentDto })
  @IsDefined({ message: 'consent is required: { "privacyPolicy": true }' })
  @IsObject({ message: 'consent must be an object such as { "privacyPolicy": true }' })
  @ValidateNested()
  @Type(() => ConsentDto)
  consent: ConsentDto;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 5,
    example: ['3f1c2a9e-8b7d-4e21-9a0b-5c6d7e8f9a01'],
    description:
      'when this event is full: also wait in these other sessions of the same seminar (same clinic, same series or title, ' +
      'or the webinar twin; each full with its waiting list on). The first seat in any of them is yours; the other places are withdrawn.',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsText({ each: true })
  @IsUUID('all', { each: true, message: 'alsoWaitFor must be a list of event ids' })
  alsoWaitFor?: string[];
}

export class ChangePartySizeDto {
  @ApiProperty({ example: 3, minimum: 1, maximum: 20 })
  @IsInt()
  @Min(1)
  @Max(20)
  partySize: number;
}

export class SwitchEventDto {
  @ApiProperty({
    example: '3f1c2a9e-8b7d-4e21-9a0b-5c6d7e8f9a01',
    description: 'another upcoming session of the same clinic',
  })
  @IsText()
  @IsUUID('all', { message: 'eventId must be an event id' })
  eventId: string;
}

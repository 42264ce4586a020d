import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsEmailAddress, IsText } from '../../common/validation/is-text.js';
import { IsTimeZone } from '../../common/validation/is-time-zone.js';
import { OptionalNotNull } from '../../common/validation/null-policy.js';
import { SUPPORTED_LOCALES, type Locale } from '../../i18n/locales.js';
import { EventDefaultsView } from '../../settings/dto/event-defaults.dto.js';
import type { EventDefaults } from '../../settings/event-defaults.js';
import type { Clinic } from '../clinic.entity.js';

/** An origin such as https://clinic.example or http://localhost:8080: scheme, host and optional port, nothing else. */
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;

/** An address is stored whole (jsonb): a line given as null is left out of it, as if it had not been sent. */
const withoutNull = ({ value }: { value: unknown }) => (value === null ? undefined : value);

export class PostalAddressDto {
  @ApiProperty({ example: '12 Harbour Street' })
  @IsString()
  @IsText()
  @IsNotEmpty()
  @MaxLength(200)
  line1: string;

  @ApiPropertyOptional({
    type: String,
    example: 'Second floor',
    nullable: true,
    description: 'null (or leaving it out) means no second line',
  })
  @Transform(withoutNull)
  @IsOptional()
  @IsString()
  @IsText()
  @MaxLength(200)
  line2?: string;

  @ApiProperty({ example: 'Chicago' })
  @IsString()
  @IsText()
  @IsNotEmpty()
  @MaxLength(100)
  city: string;

  @ApiProperty({ example: '60601' })
  @IsString()
  @IsText()
  @IsNotEmpty()
  @MaxLength(20)
  postalCode: string;

  @ApiPropertyOptional({
    type: String,
    example: 'IL',
    nullable: true,
    description: 'null (or leaving it out) means no region',
  })
  @Transform(withoutNull)
  @IsOptional()
  @IsString()
  @IsText()
  @MaxLength(100)
  region?: string;

  @ApiProperty({ example: 'US', description: 'ISO 3166-1 alpha-2 country code' })
  @IsText()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be a two-letter ISO country code such as US' })
  country: string;
}

export class CreateClinicDto {
  @ApiProperty({ example: 'Lakeside Back Clinic' })
  @IsString()
  @IsText()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'lakeside-chicago', description: 'lower-case letters, digits and dashes' })
  @IsText()
  @Length(2, 80)
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'slug must be lower-case letters, digits and single dashes' })
  slug: string;

  @ApiProperty({ type: PostalAddressDto, description: 'required; a PATCH replaces the whole address' })
  @IsDefined({ message: 'address is required: { line1, city, postalCode, country }' })
  @IsObject({ message: 'address must be an object such as { line1, city, postalCode, country }' })
  @ValidateNested()
  @Type(() => PostalAddressDto)
  address: PostalAddressDto;

  @ApiProperty({ example: 'America/Chicago' })
  @IsText()
  @IsTimeZone()
  timeZone: string;

  @ApiProperty({ example: '+1 312 555 0100' })
  @IsText()
  @Matches(/^\+?[0-9 ()\-.]{5,40}$/, { message: 'phone must be a phone number of digits, spaces and + ( ) - .' })
  phone: string;

  @ApiProperty({ example: 'seminars@lakeside.example' })
  @IsText()
  @IsEmailAddress()
  @MaxLength(254)
  organizerEmail: string;

  @ApiPropertyOptional({
    enum: SUPPORTED_LOCALES,
    default: 'en',
    description: 'language of pages, e-mails and invites; null is refused',
  })
  @OptionalNotNull()
  @IsText()
  @IsIn(SUPPORTED_LOCALES, { message: `locale must be one of ${SUPPORTED_LOCALES.join(', ')}` })
  locale?: Locale;

  @ApiPropertyOptional({
    type: [String],
    example: ['https://www.lakeside-clinic.example'],
    description: 'sites allowed to show the embedded event list in an iframe; [] for none, null is refused',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @IsText({ each: true })
  @Matches(ORIGIN, { each: true, message: 'embedOrigins must be origins such as https://clinic.example (no path)' })
  embedOrigins?: string[];

  @ApiPropertyOptional({
    type: [Number],
    nullable: true,
    example: [1440, 60],
    description:
      "reminders of the clinic's new events, in minutes before the start (5 to 43200, at most 5); [] for none; null (or leaving it out) uses the chain's defaults (GET /admin/settings)",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(5, { each: true })
  @Max(43200, { each: true })
  defaultReminderOffsetsMinutes?: number[] | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 20,
    description: "largest party size of the clinic's new events; null uses the chain's",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  defaultMaxPartySize?: number | null;

  @ApiPropertyOptional({
    type: Boolean,
    nullable: true,
    description: "waiting list of the clinic's new events on or off; null uses the chain's",
  })
  @IsOptional()
  @IsBoolean()
  defaultWaitlistEnabled?: boolean | null;

  @ApiPropertyOptional({
    default: 2880,
    minimum: 0,
    maximum: 20160,
    description:
      'issue 9: minutes before the start each confirmed attendee is asked "still coming?" (an event may say otherwise); 0: never; null is refused',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(20160)
  reconfirmLeadMinutes?: number;

  @ApiPropertyOptional({
    default: 1440,
    minimum: 0,
    maximum: 20160,
    description:
      'issue 9: a waitlisted person given a seat less than this many minutes before the start gets an offer to accept instead; 0: never; null is refused',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(20160)
  offerThresholdMinutes?: number;

  @ApiPropertyOptional({
    default: 120,
    minimum: 5,
    maximum: 1440,
    description:
      'issue 9: how long such an offer stays open (shorter near the start: at most a quarter of the time left, never past it); null is refused',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(5)
  @Max(1440)
  offerWindowMinutes?: number;
}

/** Any field of a new clinic; null only where the field says it clears something (address lines), else refused. */
export class UpdateClinicDto extends PartialType(CreateClinicDto, { skipNullProperties: false }) {}

export class ClinicView {
  @ApiProperty() id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: PostalAddressDto }) address: PostalAddressDto;
  @ApiProperty() timeZone: string;
  @ApiProperty() phone: string;
  @ApiProperty() organizerEmail: string;
  @ApiProperty({ enum: SUPPORTED_LOCALES }) locale: string;
  @ApiPropertyOptional({ type: [String] }) embedOrigins?: string[];
  @ApiPropertyOptional({ description: "HTML to paste into the clinic's website to show its upcoming events" })
  embedSnippet?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) archivedAt?: string | null;
  @ApiPropertyOptional({
    type: [Number],
    nullable: true,
    description: "the clinic's own reminder offsets for new events; null: the chain's",
  })
  defaultReminderOffsetsMinutes?: number[] | null;
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: "the clinic's own largest party size for new events; null: the chain's",
  })
  defaultMaxPartySize?: number | null;
  @ApiPropertyOptional({
    type: Boolean,
    nullable: true,
    description: "the clinic's own waiting-list setting for new events; null: the chain's",
  })
  defaultWaitlistEnabled?: boolean | null;
  @ApiPropertyOptional({ description: 'issue 9: "still coming?" this many minutes before the start; 0: never' })
  reconfirmLeadMinutes?: number;
  @ApiPropertyOptional({ description: 'issue 9: late seats become offers this many minutes before the start' })
  offerThresholdMinutes?: number;
  @ApiPropertyOptional({ description: 'issue 9: how long a late seat offer stays open, in minutes' })
  offerWindowMinutes?: number;
  @ApiPropertyOptional({
    type: EventDefaultsView,
    description: 'what a new event of this clinic gets for what it leaves out (clinic, else chain, else built-in)',
  })
  eventDefaults?: EventDefaults;
}

export function toClinicView(
  clinic: Clinic,
  {
    withAdminFields = false,
    publicBaseUrl = '',
    eventDefaults,
  }: { withAdminFields?: boolean; publicBaseUrl?: string; eventDefaults?: EventDefaults } = {},
): ClinicView {
  return {
    id: clinic.id,
    slug: clinic.slug,
    name: clinic.name,
    address: clinic.address,
    timeZone: clinic.timeZone,
    phone: clinic.phone,
    organizerEmail: clinic.organizerEmail,
    locale: clinic.locale,
    ...(withAdminFields
      ? {
          embedOrigins: clinic.embedOrigins,
          embedSnippet: embedSnippet(clinic, publicBaseUrl),
          archivedAt: clinic.archivedAt?.toISOString() ?? null,
          defaultReminderOffsetsMinutes: clinic.defaultReminderOffsetsMinutes ?? null,
          defaultMaxPartySize: clinic.defaultMaxPartySize ?? null,
          defaultWaitlistEnabled: clinic.defaultWaitlistEnabled ?? null,
          reconfirmLeadMinutes: clinic.reconfirmLeadMinutes,
          offerThresholdMinutes: clinic.offerThresholdMinutes,
          offerWindowMinutes: clinic.offerWindowMinutes,
          ...(eventDefaults ? { eventDefaults } : {}),
        }
      : {}),
  };
}

/** The iframe a clinic pastes into its own site; its origin must be in embedOrigins for browsers to show it. */
export function embedSnippet(clinic: Pick<Clinic, 'slug' | 'name'>, publicBaseUrl: string): string {
  const title = clinic.name.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<iframe src="${publicBaseUrl}/embed/clinics/${clinic.slug}" title="${title}" width="100%" height="480" style="border:0" loading="lazy"></iframe>`;
}

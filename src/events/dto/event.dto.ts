import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ISO_DATE_TIME } from '../../common/event-time.js';
import { IsText } from '../../common/validation/is-text.js';
import { IsTimeZone } from '../../common/validation/is-time-zone.js';
import { OptionalNotNull } from '../../common/validation/null-policy.js';
import { EVENT_KINDS, type EventKind } from '../event.entity.js';

const DATE_TIME_MESSAGE = (field: string) =>
  `${field} must be an ISO 8601 date-time, with an offset (2026-12-01T18:00:00-06:00) or as local time (2026-12-01T18:00)`;

export class CreateEventDto {
  @ApiProperty({ enum: EVENT_KINDS })
  @IsText()
  @IsIn(EVENT_KINDS)
  kind: EventKind;

  @ApiProperty({ example: 'Living well with lower back pain' })
  @IsString()
  @IsText()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ description: 'may span lines; "" for none, null is refused' })
  @OptionalNotNull()
  @IsString()
  @IsText({ lines: 'multiline' })
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ example: '2026-12-01T18:00', description: 'with an offset, or local time in the event time zone' })
  @IsText()
  @Matches(ISO_DATE_TIME, { message: DATE_TIME_MESSAGE('startsAt') })
  startsAt: string;

  @ApiProperty({ example: '2026-12-01T19:30' })
  @IsText()
  @Matches(ISO_DATE_TIME, { message: DATE_TIME_MESSAGE('endsAt') })
  endsAt: string;

  @ApiPropertyOptional({ example: 'America/Chicago', description: "defaults to the clinic's; null is refused" })
  @OptionalNotNull()
  @IsText()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({
    type: String,
    example: 'Seminar room 2',
    nullable: true,
    description: 'seminars only; null (or "") means none and clears it',
  })
  // The service stores an empty venue name as none, so null becomes "" on its way in.
  @Transform(({ value }) => (value === null ? '' : value))
  @IsOptional()
  @IsString()
  @IsText()
  @MaxLength(200)
  venueName?: string;

  @ApiPropertyOptional({
    type: String,
    example: 'https://meet.example/abc',
    nullable: true,
    description:
      'webinars only; required for them; null means none and clears it (refused for a webinar, which needs one)',
  })
  @IsOptional()
  @IsText()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { message: 'joinUrl must be an http(s) URL' })
  @MaxLength(2000)
  joinUrl?: string;

  @ApiProperty({ example: 40, minimum: 1, maximum: 10000 })
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity: number;

  @ApiPropertyOptional({ example: 2, default: 2, minimum: 1, maximum: 20, description: 'null is refused' })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(20)
  maxPartySize?: number;

  @ApiPropertyOptional({ description: 'default: now; null is refused' })
  @OptionalNotNull()
  @IsText()
  @Matches(ISO_DATE_TIME, { message: DATE_TIME_MESSAGE('registrationOpensAt') })
  registrationOpensAt?: string;

  @ApiPropertyOptional({ description: 'default: the start; null is refused' })
  @OptionalNotNull()
  @IsText()
  @Matches(ISO_DATE_TIME, { message: DATE_TIME_MESSAGE('registrationClosesAt') })
  registrationClosesAt?: string;

  @ApiPropertyOptional({ default: true, description: 'null is refused' })
  @OptionalNotNull()
  @IsBoolean()
  waitlistEnabled?: boolean;

  @ApiPropertyOptional({
    type: [Number],
    default: [1440, 60],
    description: 'minutes before the start; [] for none, null is refused',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(5, { each: true })
  @Max(43200, { each: true })
  reminderOffsetsMinutes?: number[];

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 2880,
    minimum: 0,
    maximum: 20160,
    description:
      'issue 9: minutes before the start each confirmed attendee is asked "still coming?"; 0: never; null (or left out): the clinic\'s default',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(20160)
  reconfirmLeadMinutes?: number | null;

  @ApiPropertyOptional({
    default: false,
    description:
      'issue 9: release confirmed seats not reconfirmed by the deadline (after a last warning) to the waiting list; null is refused',
  })
  @OptionalNotNull()
  @IsBoolean()
  releaseUnconfirmed?: boolean;

  @ApiPropertyOptional({
    default: 720,
    minimum: 0,
    maximum: 20160,
    description: 'issue 9: the release deadline, in minutes before the start; null is refused',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(20160)
  releaseDeadlineMinutes?: number;
}

/** Any field of a new event but its kind; null only where the field says it clears something (venueName, joinUrl), else refused. */
export class UpdateEventDto extends PartialType(OmitType(CreateEventDto, ['kind'] as const), {
  skipNullProperties: false,
}) {}

export class CapacityDto {
  @ApiProperty({ example: 60, minimum: 1, maximum: 10000 })
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity: number;
}

export class ListEventsQueryDto {
  @ApiPropertyOptional({ description: 'clinic slug' })
  @OptionalNotNull()
  @IsString()
  @IsText()
  @MaxLength(80)
  clinic?: string;

  @ApiPropertyOptional({ enum: EVENT_KINDS })
  @OptionalNotNull()
  @IsText()
  @IsIn(EVENT_KINDS)
  kind?: EventKind;

  @ApiPropertyOptional({ description: 'events starting at or after this instant' })
  @OptionalNotNull()
  @IsText()
  @Matches(ISO_DATE_TIME, { message: DATE_TIME_MESSAGE('from') })
  from?: string;

  @ApiPropertyOptional({ description: 'events starting before this instant' })
  @OptionalNotNull()
  @IsText()
  @Matches(ISO_DATE_TIME, { message: DATE_TIME_MESSAGE('to') })
  to?: string;

  @ApiPropertyOptional({ default: 1 })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  page: number = 1;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize: number = 20;
}

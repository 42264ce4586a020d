import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsText } from '../../common/validation/is-text.js';
import { OptionalNotNull } from '../../common/validation/null-policy.js';
import { StaffEventView } from './event-views.js';
import { CreateEventDto } from './event.dto.js';

export class RecurrenceDto {
  @ApiProperty({
    example: 'FREQ=WEEKLY;BYDAY=TU;COUNT=8',
    description:
      'An RFC 5545 RRULE value without DTSTART: FREQ=DAILY|WEEKLY|MONTHLY|YEARLY, with COUNT or UNTIL; at most 52 occurrences within 10 years',
  })
  @IsString()
  @IsText()
  @IsNotEmpty()
  @MaxLength(500)
  rule: string;
}

export class CreateEventSeriesDto {
  @ApiProperty({
    type: CreateEventDto,
    description:
      'the events to create; startsAt/endsAt (and the registration window, if given) are those of the first occurrence',
  })
  @IsDefined({ message: 'event is required: the fields of a new event, with the first occurrence’s times' })
  @IsObject({ message: 'event must be an object with the fields of a new event' })
  @ValidateNested()
  @Type(() => CreateEventDto)
  event: CreateEventDto;

  @ApiProperty({ type: RecurrenceDto })
  @IsDefined({ message: 'recurrence is required: { "rule": "FREQ=WEEKLY;BYDAY=TU;COUNT=8" }' })
  @IsObject({ message: 'recurrence must be an object such as { "rule": "FREQ=WEEKLY;BYDAY=TU;COUNT=8" }' })
  @ValidateNested()
  @Type(() => RecurrenceDto)
  recurrence: RecurrenceDto;

  @ApiPropertyOptional({
    default: false,
    description: 'publish every event at once (otherwise they are drafts); null is refused',
  })
  @OptionalNotNull()
  @IsBoolean()
  publish?: boolean;
}

export class EventSeriesView {
  @ApiProperty() seriesId: string;
  @ApiProperty({ type: [StaffEventView], description: 'in start order' }) events: StaffEventView[];
}

export class CancelledEventSeriesView extends EventSeriesView {
  @ApiProperty({ type: [String], description: 'the events this request cancelled (those still to come)' })
  cancelledEventIds: string[];
}

export class SeriesOccurrenceView {
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty({ example: '2026-03-10T18:00:00+00:00' }) localStartsAt: string;
  @ApiProperty({ example: '2026-03-10T19:30:00+00:00' }) localEndsAt: string;
}

/**
 * A change to every event of a series that is still to come (drafts and published events that have not
 * started); each is changed as PATCH /events/:id would change it, attendees told the same way.
 */
export class UpdateEventSeriesDto {
  @ApiPropertyOptional({ description: 'null is refused' })
  @OptionalNotNull()
  @IsString()
  @IsText()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ description: 'may span lines; "" for none; null is refused' })
  @OptionalNotNull()
  @IsString()
  @IsText({ lines: 'multiline' })
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({
    example: '18:30',
    description: "new start time of day (HH:mm) in each event's zone, on the event's own date; null is refused",
  })
  @OptionalNotNull()
  @IsText()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'startTime must be a time of day such as 18:30' })
  startTime?: string;

  @ApiPropertyOptional({
    example: 90,
    minimum: 5,
    maximum: 1440,
    description: 'new length in minutes (otherwise each keeps its own); null is refused',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(5)
  @Max(1440)
  durationMinutes?: number;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'seminars only; null (or "") clears it' })
  @Transform(({ value }) => (value === null ? '' : value))
  @IsOptional()
  @IsString()
  @IsText()
  @MaxLength(200)
  venueName?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'webinars only; null is refused for a webinar, which needs one',
  })
  @IsOptional()
  @IsText()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { message: 'joinUrl must be an http(s) URL' })
  @MaxLength(2000)
  joinUrl?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 10000,
    description: "never below an event's confirmed seats; null is refused",
  })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 20, description: 'null is refused' })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(20)
  maxPartySize?: number;

  @ApiPropertyOptional({ description: 'null is refused' })
  @OptionalNotNull()
  @IsBoolean()
  waitlistEnabled?: boolean;

  @ApiPropertyOptional({ type: [Number], description: 'minutes before the start; [] for none; null is refused' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(5, { each: true })
  @Max(43200, { each: true })
  reminderOffsetsMinutes?: number[];
}

export class UpdatedEventSeriesView extends EventSeriesView {
  @ApiProperty({ type: [String], description: 'the events this request changed (those still to come)' })
  updatedEventIds: string[];
}

/** The events a series would create (nothing is saved): their times, in the series' zone. */
export class SeriesPreviewView {
  @ApiProperty({ example: 'Europe/Lisbon' }) timeZone: string;
  @ApiProperty({
    type: [SeriesOccurrenceView],
    description: 'in start order; the same events POST /clinics/:slug/event-series would create',
  })
  occurrences: SeriesOccurrenceView[];
}

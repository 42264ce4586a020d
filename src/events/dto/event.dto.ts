import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
import { IsTimeZone } from '../../common/validation/is-time-zone.js';
import { EVENT_KINDS, type EventKind } from '../event.entity.js';

const DATE_TIME_MESSAGE = (field: string) =>
  `${field} must be an ISO 8601 date-time, with an offset (2026-12-01T18:00:00-06:00) or as local time (2026-12-01T18:00)`;

export class CreateEventDto {
  @ApiProperty({ enum: EVENT_KINDS })
  @IsIn(EVENT_KINDS)
  kind: EventKind;

  @ApiProperty({ example: 'Living well with lower back pain' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ example: '2026-12-01T18:00', description: 'with an offset, or local time in the event time zone' })
  @Matches(ISO_DATE_TIME, { message: DATE_TIME_MESSAGE('startsAt') })
  startsAt: string;

  @ApiProperty({ example: '2026-12-01T19:30' })
  @Matches(ISO_DATE_TIME, { message: DATE_TIME_MESSAGE('endsAt') })
  endsAt: string;

  @ApiPropertyOptional({ example: 'America/Chicago', description: "defaults to the clinic's" })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ example: 'Seminar room 2', description: 'seminars only' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  venueName?: string;

  @ApiPropertyOptional({ example: 'https://meet.example/abc', description: 'webinars only; required for them' })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { message: 'joinUrl must be an http(s) URL' })
  @MaxLength(2000)
  joinUrl?: string;

  @ApiProperty({ example: 40, minimum: 1, maximum: 10000 })
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity: number;

  @ApiPropertyOptional({ example: 2, default: 2, minimum: 1, maximum: 20 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  maxPartySize?: number;

  @ApiPropertyOptional({ description: 'default: now' })
  @IsOptional()
  @Matches(ISO_DATE_TIME, { message: DATE_TIME_MESSAGE('registrationOpensAt') })
  registrationOpensAt?: string;

  @ApiPropertyOptional({ description: 'default: the start' })
  @IsOptional()
  @Matches(ISO_DATE_TIME, { message: DATE_TIME_MESSAGE('registrationClosesAt') })
  registrationClosesAt?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  waitlistEnabled?: boolean;

  @ApiPropertyOptional({ type: [Number], default: [1440, 60], description: 'minutes before the start' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(5, { each: true })
  @Max(43200, { each: true })
  reminderOffsetsMinutes?: number[];
}

export class UpdateEventDto extends PartialType(OmitType(CreateEventDto, ['kind'] as const)) {}

export class CapacityDto {
  @ApiProperty({ minimum: 1, maximum: 10000 })
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity: number;
}

export class ListEventsQuery {
  @ApiPropertyOptional({ description: 'clinic slug' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  clinic?: string;

  @ApiPropertyOptional({ enum: EVENT_KINDS })
  @IsOptional()
  @IsIn(EVENT_KINDS)
  kind?: EventKind;

  @ApiPropertyOptional({ description: 'events starting at or after this instant' })
  @IsOptional()
  @Matches(ISO_DATE_TIME, { message: DATE_TIME_MESSAGE('from') })
  from?: string;

  @ApiPropertyOptional({ description: 'events starting before this instant' })
  @IsOptional()
  @Matches(ISO_DATE_TIME, { message: DATE_TIME_MESSAGE('to') })
  to?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  page: number = 1;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize: number = 20;
}

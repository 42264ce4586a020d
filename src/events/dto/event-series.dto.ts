import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsNotEmpty, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
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
  @ApiProperty({ type: CreateEventDto, description: 'the events to create; startsAt/endsAt (and the registration window, if given) are those of the first occurrence' })
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

  @ApiPropertyOptional({ default: false, description: 'publish every event at once (otherwise they are drafts); null is refused' })
  @OptionalNotNull()
  @IsBoolean()
  publish?: boolean;
}

export class EventSeriesView {
  @ApiProperty() seriesId: string;
  @ApiProperty({ type: [StaffEventView], description: 'in start order' }) events: StaffEventView[];
}

export class CancelledEventSeriesView extends EventSeriesView {
  @ApiProperty({ type: [String], description: 'the events this request cancelled (those still to come)' }) cancelledEventIds: string[];
}

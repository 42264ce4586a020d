import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { StaffReservationView } from '../../dto/reservation-views.js';
import type { CheckInWindow } from '../check-in-window.js';

export class CheckInWindowView {
  @ApiProperty({ enum: ['not-open', 'open', 'closed'] }) state: 'not-open' | 'open' | 'closed';
  @ApiProperty({ format: 'date-time', description: 'CHECK_IN_OPENS_MINUTES_BEFORE the start' }) opensAt: string;
  @ApiProperty({ format: 'date-time', description: 'the end of the event' }) closesAt: string;
}

export function toCheckInWindowView(window: CheckInWindow): CheckInWindowView {
  return { state: window.state, opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString() };
}

export class AttendeeSearchView {
  @ApiProperty() query: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'the confirmation code the query reads as, if it can be one',
  })
  code: string | null;
  @ApiPropertyOptional({
    type: StaffReservationView,
    nullable: true,
    description: 'the reservation with exactly that code in this event',
  })
  codeMatch: StaffReservationView | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'the code is for another event of your clinics: that event',
  })
  codeForEventId: string | null;
  @ApiProperty({
    type: [StaffReservationView],
    description: 'the code match first, then confirmed, no-shows, the waiting list, cancelled',
  })
  matches: StaffReservationView[];
  @ApiProperty({ type: CheckInWindowView }) checkIn: CheckInWindowView;
}

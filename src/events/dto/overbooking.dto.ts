import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';

/** Staff's overbooking settings for one event (issue 9, DESIGN rule 11). */
export class OverbookingSettingsDto {
  @ApiProperty({ description: 'book beyond the room up to the risk bound from the measured show rate' })
  @IsBoolean()
  enabled: boolean;

  @ApiProperty({ example: 6, minimum: 0, maximum: 500, description: 'never more seats than this beyond the room' })
  @IsInt()
  @Min(0)
  @Max(500)
  maxExtra: number;

  @ApiProperty({
    example: 5,
    minimum: 1,
    maximum: 20,
    description: 'largest accepted chance, in percent, that more people come than the room holds',
  })
  @IsInt()
  @Min(1)
  @Max(20)
  riskPercent: number;
}

export class ShowRateView {
  @ApiProperty({ description: 'checked-in seats / confirmed seats of completed events, 0–1' }) measured: number;
  @ApiProperty({ description: 'upper 95 % bound of the show rate: what overbooking plans with' })
  conservative: number;
  @ApiProperty() completedEvents: number;
  @ApiProperty() bookedSeats: number;
}

/** What staff see: the room, the bookable seats, who is expected to come and the risk of a full door. */
export class OverbookingView {
  @ApiProperty() enabled: boolean;
  @ApiProperty() maxExtra: number;
  @ApiProperty() riskPercent: number;
  @ApiProperty({ description: 'the physical room' }) capacity: number;
  @ApiProperty({ description: 'seats bookable beyond the room now' }) extraSeats: number;
  @ApiProperty({ description: 'capacity + extraSeats: confirmed seats never exceed it' }) bookableSeats: number;
  @ApiProperty() confirmedSeats: number;
  @ApiProperty() checkedInSeats: number;
  @ApiPropertyOptional({
    type: ShowRateView,
    nullable: true,
    description: "the clinic's measured show rate for this kind; null below the minimum sample (no overbooking)",
  })
  showRate: ShowRateView | null;
  @ApiProperty({ description: 'seats expected to be in the room, at the conservative show rate' })
  expectedArrivals: number;
  @ApiProperty({ description: 'chance, 0–1, that more people come than the room holds, with the bookings as they are' })
  overflowRisk: number;
}

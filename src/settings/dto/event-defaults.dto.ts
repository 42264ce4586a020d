import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { ChainSettings } from '../chain-settings.entity.js';
import { type DefaultsLevel, type EventDefaults, resolveEventDefaults } from '../event-defaults.js';

/**
 * One level's defaults for new events (a clinic's, or the chain's): each field null to leave it to the
 * next level (clinic → chain → built-in 24 h and 1 h, 2 seats, waiting list on). The bounds are those of
 * the event fields they fill.
 */
export class EventDefaultsDto implements DefaultsLevel {
  @ApiPropertyOptional({
    type: [Number],
    nullable: true,
    example: [1440, 60],
    description:
      'reminders, in minutes before the start (5 to 43200, at most 5); [] for no reminders; null (or leaving it out) leaves it to the next level',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(5, { each: true })
  @Max(43200, { each: true })
  reminderOffsetsMinutes?: number[] | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 20,
    description: 'largest party size; null (or leaving it out) leaves it to the next level',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  maxPartySize?: number | null;

  @ApiPropertyOptional({
    type: Boolean,
    nullable: true,
    description: 'waiting list on or off; null (or leaving it out) leaves it to the next level',
  })
  @IsOptional()
  @IsBoolean()
  waitlistEnabled?: boolean | null;
}

/** The chain's defaults: a PUT replaces all three, so a field left out or null goes back to the built-in value. */
export class ChainSettingsDto extends EventDefaultsDto {}

export class EventDefaultsView {
  @ApiProperty({ type: [Number] }) reminderOffsetsMinutes: number[];
  @ApiProperty() maxPartySize: number;
  @ApiProperty() waitlistEnabled: boolean;
}

export class ChainSettingsView {
  @ApiProperty({ type: [Number], nullable: true, description: 'null: the built-in 24 h and 1 h' })
  reminderOffsetsMinutes: number[] | null;
  @ApiProperty({ type: Number, nullable: true, description: 'null: the built-in 2' }) maxPartySize: number | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null: the built-in "on"' }) waitlistEnabled:
    boolean | null;
  @ApiProperty({
    type: EventDefaultsView,
    description: 'what a new event of a clinic without defaults of its own gets',
  })
  effective: EventDefaults;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export function toChainSettingsView(settings: ChainSettings): ChainSettingsView {
  return {
    reminderOffsetsMinutes: settings.reminderOffsetsMinutes,
    maxPartySize: settings.maxPartySize,
    waitlistEnabled: settings.waitlistEnabled,
    effective: resolveEventDefaults(settings),
    updatedAt: settings.updatedAt.toISOString(),
  };
}

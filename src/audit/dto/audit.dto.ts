import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsText } from '../../common/validation/is-text.js';
import { OptionalNotNull } from '../../common/validation/null-policy.js';
import type { AuditRow } from '../audit-queries.js';

/** `GET /api/admin/audit?clinic=&event=&actor=&page=`: every filter optional, newest first. */
export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'clinic slug' })
  @OptionalNotNull()
  @IsString()
  @IsText()
  @MaxLength(80)
  clinic?: string;

  @ApiPropertyOptional({ description: 'event id', format: 'uuid' })
  @OptionalNotNull()
  @IsText()
  @IsUUID()
  event?: string;

  @ApiPropertyOptional({ description: 'id of the staff account or admin who made the change', format: 'uuid' })
  @OptionalNotNull()
  @IsText()
  @IsUUID()
  actor?: string;

  @ApiPropertyOptional({ default: 1 })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  page: number = 1;
}

export class AuditActorView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
}

export class AuditEntryView {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiPropertyOptional({ type: AuditActorView, nullable: true, description: 'null: the system (a scheduled job)' })
  actor: AuditActorView | null;
  @ApiProperty({ enum: ['admin', 'staff', 'system'] }) actorRole: string;
  @ApiProperty({ example: 'event.capacity_changed' }) action: string;
  @ApiPropertyOptional({ type: String, nullable: true }) clinicId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) clinicSlug: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) eventId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) eventTitle: string | null;
  @ApiProperty({ example: 'event' }) subjectType: string;
  @ApiPropertyOptional({ type: String, nullable: true }) subjectId: string | null;
  @ApiPropertyOptional({ type: Object, nullable: true, description: 'the changed fields as they were' })
  before: Record<string, unknown> | null;
  @ApiPropertyOptional({ type: Object, nullable: true, description: 'the changed fields as they became' })
  after: Record<string, unknown> | null;
}

export class AuditPageView {
  @ApiProperty({ type: [AuditEntryView] }) items: AuditEntryView[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}

export function toAuditEntryView(row: AuditRow): AuditEntryView {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actorId ? { id: row.actorId, name: row.actorName ?? '', email: row.actorEmail ?? '' } : null,
    actorRole: row.actorRole,
    action: row.action,
    clinicId: row.clinicId,
    clinicSlug: row.clinicSlug,
    eventId: row.eventId,
    eventTitle: row.eventTitle,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    before: row.before,
    after: row.after,
  };
}

import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors, BAD_QUERY, STAFF_ROUTE } from '../../common/openapi/api-errors.js';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Actor } from '../../common/auth/actor.js';
import { CurrentActor, RouteClinic, StaffOfClinic } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import type { Clinic } from '../../clinics/clinic.entity.js';
import { MessageLogService } from './message-log.service.js';
import type { OutboxMessage } from '../outbox/outbox-message.entity.js';

const STATUSES = ['pending', 'sent', 'failed', 'cancelled'] as const;

export class MessageLogQueryDto {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;
}

export class MessageLogEntryView {
  @ApiProperty() id: string;
  @ApiProperty() kind: string;
  @ApiProperty() status: string;
  @ApiProperty() recipientEmail: string;
  @ApiPropertyOptional({ type: String, nullable: true }) eventId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) reservationId: string | null;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty() dueAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) sentAt: string | null;
  @ApiProperty() messageId: string;
}

export function toMessageLogEntryView(message: OutboxMessage): MessageLogEntryView {
  return {
    id: message.id,
    kind: message.kind,
    status: message.status,
    recipientEmail: message.recipientEmail,
    eventId: message.eventId,
    reservationId: message.reservationId,
    attempts: message.attempts,
    lastError: message.lastError,
    dueAt: message.dueAt.toISOString(),
    sentAt: message.sentAt?.toISOString() ?? null,
    messageId: message.messageId,
  };
}

/** A clinic's mail as its staff see it: e.g. `?status=failed` shows what did not go out and why. */
@ApiTags('staff: messages')
@ApiBearerAuth()
@ApiErrors(STAFF_ROUTE)
@ApiParam({ name: 'slug', description: "the clinic's slug" })
@Controller('clinics/:slug/messages')
export class MessageLogController {
  constructor(private readonly log: MessageLogService) {}

  @StaffOfClinic({ slugParam: 'slug' })
  @ApiOperation({
    summary: "List a clinic's messages",
    description:
      "The clinic's mail (the outbox): e.g. `?status=failed` shows what did not go out and why (its last error).",
  })
  @ApiOkResponse({ type: [MessageLogEntryView] })
  @ApiErrors({ 400: BAD_QUERY, 404: 'NOT_FOUND: no such clinic' })
  @Get()
  async list(@RouteClinic() clinic: Clinic, @Query() query: MessageLogQueryDto): Promise<MessageLogEntryView[]> {
    return (await this.log.list({ clinicId: clinic.id, status: query.status, limit: query.limit })).map(
      toMessageLogEntryView,
    );
  }

  @StaffOfClinic({ slugParam: 'slug' })
  @ApiOperation({
    summary: 'Send a failed message again',
    description: 'Queues a failed message of the clinic again for the outbox to send.',
  })
  @ApiOkResponse({ type: MessageLogEntryView })
  @ApiErrors({
    404: 'NOT_FOUND: no such clinic, or no such message of the clinic',
    409: 'MESSAGE_NOT_FAILED: only a failed message can be retried',
  })
  @Post(':messageId/retry')
  @HttpCode(200)
  async retry(
    @RouteClinic() clinic: Clinic,
    @Param('messageId', UuidParam('Message')) messageId: string,
    @CurrentActor() actor: Actor,
  ): Promise<MessageLogEntryView> {
    return toMessageLogEntryView(await this.log.retry(clinic.id, messageId, actor));
  }
}

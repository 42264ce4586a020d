import { AuditEntry } from '../audit/audit-entry.entity.js';
import { Clinic } from '../clinics/clinic.entity.js';
import { Event } from '../events/event.entity.js';
import { InviteIdentity } from '../notifications/messages/invite-identity.entity.js';
import { OutboxMessage } from '../notifications/outbox/outbox-message.entity.js';
import { IdempotencyRecord } from '../reservations/idempotency-record.entity.js';
import { Reservation } from '../reservations/reservation.entity.js';
import { ChainSettings } from '../settings/chain-settings.entity.js';
import { StaffUser } from '../staff/staff-user.entity.js';

/** Every entity the data source knows; a feature adds its entity here. */
export const ENTITIES = [
  Clinic,
  StaffUser,
  Event,
  Reservation,
  IdempotencyRecord,
  OutboxMessage,
  AuditEntry,
  ChainSettings,
  InviteIdentity,
];

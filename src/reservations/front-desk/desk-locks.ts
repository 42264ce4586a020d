import type { EntityManager } from 'typeorm';
import { assertCanManageClinic, type Actor } from '../../common/auth/actor.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import type { EventSeats } from '../../events/event-seats.js';
import type { Event } from '../../events/event.entity.js';
import { Reservation } from '../reservation.entity.js';

/**
 * The event locked for a front-desk change (EventSeats.lockEvent: before any reservation is read, so the
 * change cannot cross another on the same event), refused to staff of other clinics, and the reservation
 * read under that lock; a reservation of another event is not found.
 */
export async function lockForDesk(
  manager: EntityManager,
  seats: EventSeats,
  eventId: string,
  reservationId: string,
  actor: Actor,
): Promise<{ event: Event; reservation: Reservation }> {
  const event = await seats.lockEvent(manager, eventId);
  assertCanManageClinic(actor, event.clinicId);
  const reservation = await manager.findOne(Reservation, { where: { id: reservationId, eventId } });
  if (!reservation) throw new NotFoundError('Reservation');
  return { event, reservation };
}

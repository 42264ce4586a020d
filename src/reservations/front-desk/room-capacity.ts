import type { EntityManager } from 'typeorm';
import { ConflictError } from '../../common/errors/domain-error.js';

/**
 * The physical room (DESIGN rule 11): an overbooking event may confirm more seats than the room holds, betting
 * on no-shows, so the door is where the bet is settled. Checking someone in, or seating a walk-in, never puts
 * more people in the room than its capacity unless staff say so (overrideCapacity), and that override is
 * recorded: on the reservation (admitted_over_capacity) and in the audit log. Pure but for the one query.
 */
export function admitToRoom(
  room: { capacity: number; seatsInRoom: number },
  partySize: number,
  override: boolean,
  reservationId?: string,
) {
  const overCapacity = room.seatsInRoom + partySize > room.capacity;
  if (overCapacity && !override) {
    throw new ConflictError(
      'ROOM_FULL',
      `The room holds ${room.capacity} and ${room.seatsInRoom} are in; admitting ${partySize} more needs an override.`,
      {
        capacity: room.capacity,
        seatsInRoom: room.seatsInRoom,
        partySize,
        ...(reservationId ? { reservationId } : {}),
      },
    );
  }
  return { overCapacity };
}

/** Seats checked in so far (the caller holds the event's lock, so nobody checks in meanwhile). */
export async function seatsInRoom(manager: EntityManager, eventId: string): Promise<number> {
  const [row] = (await manager.query(
    `SELECT coalesce(sum(party_size), 0)::int AS seats FROM reservations
      WHERE event_id = $1 AND checked_in_at IS NOT NULL AND status = 'confirmed'`,
    [eventId],
  )) as { seats: number }[];
  return row.seats;
}

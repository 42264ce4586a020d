import type { StoredContext } from './stored-context.js';

/**
 * Many payloads as the JSON a multi-row insert sends, with what they repeat sent once. A batch of
 * reservations writes four messages per reservation (a confirmation, two reminders, "still coming?"): all of
 * them name the same clinic and event, and each reservation's four the same reservation. Sent whole, that is
 * about 1 KB a message, which the app escapes into an array literal and PostgreSQL parses again under the
 * event's lock. Here each distinct clinic, event and reservation is one entry of `parts`, each message keeps
 * only its own keys (`rests`) and the 1-based numbers of its three parts, and the statement
 * (ReservationBatchWriter.write) rebuilds the payload as
 * `rest || jsonb_build_object('clinic', parts[i], 'event', parts[j], 'reservation', parts[k])`.
 * jsonb keeps an object's keys in its own order, so the stored value is the one the payload would have been.
 * Parts are told apart by their JSON text, not by object identity: two equal clinics are one part.
 */
export interface PayloadParts {
  parts: string[];
  rests: string[];
  clinicPart: number[];
  eventPart: number[];
  reservationPart: number[];
}

export function splitPayloads(payloads: readonly StoredContext[]): PayloadParts {
  const parts: string[] = [];
  const numbers = new Map<string, number>();
  const partNumber = (value: unknown): number => {
    const text = JSON.stringify(value);
    let number = numbers.get(text);
    if (number === undefined) {
      number = parts.push(text);
      numbers.set(text, number);
    }
    return number;
  };
  const split: PayloadParts = { parts, rests: [], clinicPart: [], eventPart: [], reservationPart: [] };
  for (const payload of payloads) {
    const { clinic, event, reservation, ...rest } = payload;
    split.clinicPart.push(partNumber(clinic));
    split.eventPart.push(partNumber(event));
    split.reservationPart.push(partNumber(reservation));
    split.rests.push(JSON.stringify(rest));
  }
  return split;
}

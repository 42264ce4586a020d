import type { TestApp } from './test-app.js';

/** A person booked through the API: their reservation, manage token and address. */
export interface Booked {
  id: string;
  manageToken: string;
  email: string;
}

/** A full event: those holding its seats, and the waiting list in queue order. */
export interface Queue {
  eventId: string;
  holders: Booked[];
  queue: Booked[];
}

/** The statuses of these reservations, in the order given. */
export async function statusesOf(t: TestApp, people: { id: string }[]): Promise<string[]> {
  const rows = (await t.dataSource.query(`SELECT id, status FROM reservations WHERE id = ANY($1::uuid[])`, [
    people.map((person) => person.id),
  ])) as { id: string; status: string }[];
  const byId = new Map(rows.map((row) => [row.id, row.status]));
  return people.map((person) => byId.get(person.id) ?? 'missing');
}

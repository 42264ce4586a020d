import { describe, expect, it } from '@jest/globals';
import type { ReservationStatus } from '../reservation.entity.js';
import { answerJoin, joinWindow, type JoinEvent, type JoinReservation } from './join-rules.js';

const MINUTE = 60_000;
const startsAt = new Date('2026-12-06T18:00:00Z');
const endsAt = new Date(startsAt.getTime() + 90 * MINUTE);
const webinar = (overrides: Partial<JoinEvent> = {}): JoinEvent => ({
  kind: 'webinar',
  status: 'published',
  startsAt,
  endsAt,
  joinUrl: 'https://meet.example/j/1',
  ...overrides,
});
const seat = (status: ReservationStatus = 'confirmed', anonymisedAt: Date | null = null): JoinReservation => ({
  status,
  anonymisedAt,
});
const at = (minutesFromStart: number) => new Date(startsAt.getTime() + minutesFromStart * MINUTE);
const answer = (event: JoinEvent, reservation: JoinReservation, now: Date) =>
  answerJoin(event, reservation, now, 15).kind;

describe("a webinar's personal join link", () => {
  it.each([
    [-24 * 60, 'not-yet'],
    [-15.01, 'not-yet'],
    [-15, 'join'],
    [0, 'join'],
    [89, 'join'],
    [90, 'join'],
    [90.01, 'ended'],
    [24 * 60, 'ended'],
  ])('a confirmed seat %s min from the start (opens 15 min before): %s', (minutes, kind) => {
    expect(answer(webinar(), seat(), at(minutes))).toBe(kind);
  });

  it('says when the window opens, in the configured minutes before the start', () => {
    expect(answerJoin(webinar(), seat(), at(-60), 15)).toEqual({ kind: 'not-yet', opensAt: at(-15) });
    expect(answerJoin(webinar(), seat(), at(-60), 0)).toEqual({ kind: 'not-yet', opensAt: startsAt });
    expect(answerJoin(webinar(), seat(), at(-1), 0).kind).toBe('not-yet');
    expect(joinWindow(webinar(), 30)).toEqual({ opensAt: at(-30), closesAt: endsAt });
  });

  it.each<[ReservationStatus, string, string, string]>([
    // status, before the window, inside it, after the end
    ['confirmed', 'not-yet', 'join', 'ended'],
    ['waitlisted', 'waitlisted', 'waitlisted', 'ended'],
    ['offered', 'offered', 'offered', 'ended'],
    ['cancelled', 'no-seat', 'no-seat', 'no-seat'],
    ['released', 'no-seat', 'no-seat', 'no-seat'],
    ['withdrawn', 'no-seat', 'no-seat', 'no-seat'],
    ['no_show', 'ended', 'ended', 'ended'],
  ])('a %s reservation: %s before the window, %s inside it, %s after the end', (status, before, inside, after) => {
    expect([at(-60), at(10), at(120)].map((now) => answer(webinar(), seat(status), now))).toEqual([
      before,
      inside,
      after,
    ]);
  });

  it('only a confirmed seat is ever sent on to the meeting', () => {
    const statuses: ReservationStatus[] = [
      'confirmed',
      'offered',
      'waitlisted',
      'cancelled',
      'released',
      'withdrawn',
      'no_show',
    ];
    const events = [webinar(), webinar({ status: 'cancelled' }), webinar({ status: 'completed' })];
    for (const event of events)
      for (const status of statuses)
        for (const minutes of [-60, -15, 0, 45, 90, 120]) {
          const joins = answer(event, seat(status), at(minutes)) === 'join';
          expect({ event: event.status, status, minutes, joins }).toEqual({
            event: event.status,
            status,
            minutes,
            joins: event.status === 'published' && status === 'confirmed' && minutes >= -15 && minutes <= 90,
          });
        }
  });

  it('a cancelled event answers so for every reservation, at any time', () => {
    for (const status of ['confirmed', 'waitlisted', 'cancelled'] as const)
      for (const minutes of [-60, 10, 120])
        expect(answer(webinar({ status: 'cancelled' }), seat(status), at(minutes))).toBe('event-cancelled');
  });

  it('a completed event is over even inside the window (staff completed it early)', () => {
    expect(answer(webinar({ status: 'completed' }), seat(), at(10))).toBe('ended');
  });

  it("is not found for a seminar, a webinar without a join URL, a draft, or an erased attendee's reservation", () => {
    expect(answer(webinar({ kind: 'seminar', joinUrl: null }), seat(), at(10))).toBe('not-found');
    expect(answer(webinar({ joinUrl: null }), seat(), at(10))).toBe('not-found');
    expect(answer(webinar({ status: 'draft' }), seat(), at(10))).toBe('not-found');
    expect(answer(webinar(), seat('confirmed', new Date()), at(10))).toBe('not-found');
  });
});

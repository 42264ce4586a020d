import { describe, expect, it } from '@jest/globals';
import type { Event } from './event.entity.js';
import { alternativesFor, rankSameSeminar, sameSeminarRelation, waitlistChoicesFor } from './same-seminar.js';

const DAY = 24 * 3600_000;
const T0 = Date.parse('2026-03-10T18:00:00Z');

function session(id: string, overrides: Partial<Event> = {}): Event {
  return {
    id,
    clinicId: 'c1',
    kind: 'seminar',
    title: 'Living well with back pain',
    seriesId: null,
    startsAt: new Date(T0),
    capacity: 10,
    extraSeats: 0,
    confirmedSeats: 0,
    maxPartySize: 2,
    waitlistEnabled: true,
    ...overrides,
  } as Event;
}

const origin = session('origin', { seriesId: 's1', confirmedSeats: 10 });

describe('sameSeminarRelation', () => {
  it('an occurrence of the same series, whatever its title', () => {
    expect(sameSeminarRelation(origin, session('a', { seriesId: 's1', title: 'Renamed session' }))).toBe('series');
  });

  it('the same title, ignoring case and surrounding spaces, of the same kind', () => {
    expect(sameSeminarRelation(origin, session('a', { title: '  LIVING WELL with back pain ' }))).toBe('title');
  });

  it("an in-person seminar's webinar twin; not the other way round", () => {
    const twin = session('w', { kind: 'webinar' });
    expect(sameSeminarRelation(origin, twin)).toBe('webinar-twin');
    expect(sameSeminarRelation(twin, session('s'))).toBeNull();
  });

  it('not itself, not another clinic, not another title outside the series', () => {
    expect(sameSeminarRelation(origin, origin)).toBeNull();
    expect(sameSeminarRelation(origin, session('a', { clinicId: 'c2' }))).toBeNull();
    expect(sameSeminarRelation(origin, session('a', { title: 'Sleep and back pain' }))).toBeNull();
    expect(sameSeminarRelation(session('x'), session('a', { title: 'Other', seriesId: null }))).toBeNull();
  });
});

describe('rankSameSeminar', () => {
  it('same format first, soonest first, then the webinar twin; others left out', () => {
    const later = session('later', { startsAt: new Date(T0 + 3 * DAY) });
    const sooner = session('sooner', { seriesId: 's1', startsAt: new Date(T0 + 2 * DAY) });
    const twin = session('twin', { kind: 'webinar', startsAt: new Date(T0 + DAY) });
    const unrelated = session('unrelated', { title: 'Posture at work' });
    const ranked = rankSameSeminar(origin, [twin, later, unrelated, sooner]);
    expect(ranked.map((r) => [r.event.id, r.relation])).toEqual([
      ['sooner', 'series'],
      ['later', 'title'],
      ['twin', 'webinar-twin'],
    ]);
  });
});

describe('alternativesFor and waitlistChoicesFor', () => {
  const free = session('free', { confirmedSeats: 7, startsAt: new Date(T0 + DAY) });
  const oneLeft = session('one-left', { confirmedSeats: 9, startsAt: new Date(T0 + 2 * DAY) });
  const full = session('full', { confirmedSeats: 10, startsAt: new Date(T0 + 3 * DAY) });
  const fullNoList = session('full-no-list', { confirmedSeats: 10, waitlistEnabled: false });
  const overbooks = session('overbooks', { confirmedSeats: 10, extraSeats: 2, startsAt: new Date(T0 + 4 * DAY) });
  const ranked = rankSameSeminar(origin, [free, oneLeft, full, fullNoList, overbooks]);

  it('alternatives have seats for the whole party (bookable seats count)', () => {
    expect(alternativesFor(ranked, 1).map((r) => r.event.id)).toEqual(['free', 'one-left', 'overbooks']);
    expect(alternativesFor(ranked, 2).map((r) => r.event.id)).toEqual(['free', 'overbooks']);
    expect(alternativesFor(ranked, 3)).toEqual([]); // larger than any session allows
  });

  it('waiting-list choices are full for the party with the list on', () => {
    expect(waitlistChoicesFor(ranked, 1).map((r) => r.event.id)).toEqual(['full']);
    expect(waitlistChoicesFor(ranked, 2).map((r) => r.event.id)).toEqual(['one-left', 'full']);
  });

  it('at most five of each', () => {
    const many = Array.from({ length: 8 }, (_, i) => session(`s${i}`, { startsAt: new Date(T0 + i * DAY) }));
    expect(alternativesFor(rankSameSeminar(origin, many), 1)).toHaveLength(5);
  });
});

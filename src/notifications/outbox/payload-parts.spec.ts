import { describe, expect, it } from '@jest/globals';
import { sampleContext } from '../../../test/support/notification-fixtures.js';
import { splitPayloads } from './payload-parts.js';
import { type StoredContext, storeContext } from './stored-context.js';

/** What the statement does with the parts: `rest || jsonb_build_object('clinic', parts[i], ...)`. */
function rebuild(split: ReturnType<typeof splitPayloads>, index: number): unknown {
  const part = (number: number) => JSON.parse(split.parts[number - 1]) as unknown;
  return {
    ...(JSON.parse(split.rests[index]) as object),
    clinic: part(split.clinicPart[index]),
    event: part(split.eventPart[index]),
    reservation: part(split.reservationPart[index]),
  };
}

describe('splitPayloads', () => {
  const first = sampleContext({ reservation: { name: 'Zoë "Quotes" O\'Brien \\ back' } });
  const second = sampleContext({ clinic: first.clinic, event: first.event });
  const payloads: StoredContext[] = [
    storeContext(first),
    storeContext({ ...first, reminderOffsetMinutes: 1440 }),
    storeContext({ ...first, reminderOffsetMinutes: 60 }),
    // Equal to the first's clinic and event by content, not by identity.
    storeContext({
      ...second,
      clinic: { ...first.clinic },
      event: { ...first.event },
      otherSessions: [
        {
          title: 'Later',
          startsAt: '2026-04-01T17:00:00Z',
          endsAt: '2026-04-01T18:30:00Z',
          timeZone: 'UTC',
          url: 'http://x.test/e/1',
        },
      ],
    }),
    // Another event: a part of its own.
    storeContext(sampleContext({ clinic: first.clinic })),
  ];

  it('sends each distinct clinic, event and reservation once, and each message only its own keys', () => {
    const split = splitPayloads(payloads);
    // One clinic; two events; three reservations.
    expect(split.parts).toHaveLength(6);
    expect(new Set(split.clinicPart)).toEqual(new Set([split.clinicPart[0]]));
    expect(split.eventPart.slice(0, 4)).toEqual(Array(4).fill(split.eventPart[0]));
    expect(split.eventPart[4]).not.toBe(split.eventPart[0]);
    expect(split.reservationPart.slice(0, 3)).toEqual(Array(3).fill(split.reservationPart[0]));
    expect(new Set(split.reservationPart).size).toBe(3);
    for (const rest of split.rests) {
      for (const key of ['clinic', 'event', 'reservation']) expect(JSON.parse(rest)).not.toHaveProperty(key);
    }
    expect(JSON.parse(split.rests[1])).toMatchObject({ reminderOffsetMinutes: 1440 });
  });

  it('rebuilds every payload exactly', () => {
    const split = splitPayloads(payloads);
    payloads.forEach((payload, index) => expect(rebuild(split, index)).toEqual(JSON.parse(JSON.stringify(payload))));
  });

  it('gives nothing for no payloads', () => {
    expect(splitPayloads([])).toEqual({ parts: [], rests: [], clinicPart: [], eventPart: [], reservationPart: [] });
  });
});

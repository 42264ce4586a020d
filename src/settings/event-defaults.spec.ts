import { describe, expect, it } from '@jest/globals';
import { BUILT_IN_DEFAULTS, defaultsSources, resolveEventDefaults } from './event-defaults.js';

describe('event defaults: event value, then clinic, then chain, then built-in', () => {
  it('with nothing set anywhere, a new event gets 24 h and 1 h reminders, parties of 2 and a waiting list', () => {
    expect(resolveEventDefaults(undefined, null, {})).toEqual({
      reminderOffsetsMinutes: [1440, 60],
      maxPartySize: 2,
      waitlistEnabled: true,
    });
    expect(resolveEventDefaults()).toEqual(BUILT_IN_DEFAULTS);
  });

  it('each field comes from the first level that sets it, independently of the others', () => {
    const event = { maxPartySize: 6 };
    const clinic = { reminderOffsetsMinutes: [60], maxPartySize: 4, waitlistEnabled: null };
    const chain = { reminderOffsetsMinutes: [2880], maxPartySize: 3, waitlistEnabled: false };
    expect(resolveEventDefaults(event, clinic, chain)).toEqual({
      reminderOffsetsMinutes: [60],
      maxPartySize: 6,
      waitlistEnabled: false,
    });
    expect(
      defaultsSources([
        ['event', event],
        ['clinic', clinic],
        ['chain', chain],
      ]),
    ).toEqual({
      reminderOffsetsMinutes: 'clinic',
      maxPartySize: 'event',
      waitlistEnabled: 'chain',
    });
  });

  it('an empty list of reminders is a choice (no reminders), not "unset"; false is a choice too', () => {
    expect(
      resolveEventDefaults({ reminderOffsetsMinutes: [] }, { reminderOffsetsMinutes: [60] }).reminderOffsetsMinutes,
    ).toEqual([]);
    expect(resolveEventDefaults({ waitlistEnabled: false }, { waitlistEnabled: true }).waitlistEnabled).toBe(false);
  });

  it('offsets are stored without repeats, earliest reminder first', () => {
    expect(resolveEventDefaults({ reminderOffsetsMinutes: [60, 1440, 60, 30] }).reminderOffsetsMinutes).toEqual([
      1440, 60, 30,
    ]);
  });

  it('unset everywhere reads as built-in', () => {
    expect(
      defaultsSources([
        ['clinic', null],
        ['chain', {}],
      ]),
    ).toEqual({ reminderOffsetsMinutes: 'built-in', maxPartySize: 'built-in', waitlistEnabled: 'built-in' });
  });
});

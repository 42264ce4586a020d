import { describe, expect, it } from '@jest/globals';
import { movedReminderTime, reminderTimes } from './reminder-times.js';

const START = new Date('2026-03-20T18:00:00Z');
const at = (iso: string) => new Date(iso);

describe('DESIGN rule 6: when reminders are due', () => {
  it('one per distinct offset before the start', () => {
    expect(reminderTimes(START, [1440, 60, 1440], at('2026-03-10T00:00:00Z'))).toEqual([
      { offsetMinutes: 1440, dueAt: at('2026-03-19T18:00:00Z') },
      { offsetMinutes: 60, dueAt: at('2026-03-20T17:00:00Z') },
    ]);
  });

  it('none whose time has already passed: a late booking gets only the reminders still ahead', () => {
    expect(reminderTimes(START, [1440, 60], at('2026-03-20T12:00:00Z'))).toEqual([
      { offsetMinutes: 60, dueAt: at('2026-03-20T17:00:00Z') },
    ]);
    expect(reminderTimes(START, [1440, 60], at('2026-03-20T17:00:00Z'))).toEqual([]);
    expect(reminderTimes(START, [], at('2026-03-10T00:00:00Z'))).toEqual([]);
  });

  it('a moved event moves its reminders, and drops one whose new time has passed', () => {
    const later = new Date('2026-03-27T18:00:00Z');
    expect(movedReminderTime(later, 1440, at('2026-03-20T00:00:00Z'))).toEqual(at('2026-03-26T18:00:00Z'));
    const sooner = new Date('2026-03-20T20:00:00Z');
    expect(movedReminderTime(sooner, 1440, at('2026-03-20T00:00:00Z'))).toBeUndefined();
  });
});

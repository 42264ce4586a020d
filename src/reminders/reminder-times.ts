const MINUTE_MS = 60_000;

/** A reminder's place in time: how long before the start, and so when it is due. */
export interface ReminderTime {
  offsetMinutes: number;
  dueAt: Date;
}

/**
 * When a confirmed reservation's reminders are due (DESIGN rule 6): one per distinct offset before the
 * start, and none whose time has already passed at `now` (a seat taken two hours before the start gets
 * no "tomorrow" reminder).
 */
export function reminderTimes(startsAt: Date, offsetsMinutes: readonly number[], now: Date): ReminderTime[] {
  return [...new Set(offsetsMinutes)].flatMap((offsetMinutes) => {
    const dueAt = dueBefore(startsAt, offsetMinutes);
    return dueAt <= now ? [] : [{ offsetMinutes, dueAt }];
  });
}

/** A pending reminder after its event moved: due its offset before the new start, or dropped if that has passed. */
export function movedReminderTime(newStartsAt: Date, offsetMinutes: number, now: Date): Date | undefined {
  const dueAt = dueBefore(newStartsAt, offsetMinutes);
  return dueAt <= now ? undefined : dueAt;
}

function dueBefore(startsAt: Date, offsetMinutes: number): Date {
  return new Date(startsAt.getTime() - offsetMinutes * MINUTE_MS);
}

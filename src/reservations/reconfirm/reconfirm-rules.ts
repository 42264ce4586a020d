/**
 * "Still coming?" (issue 9, DESIGN rule 11): when a confirmed attendee is asked to reconfirm, when the last
 * warning goes, and who is released at the deadline. Pure: `now` comes in, nothing is read or written.
 *
 * The choices, in one place:
 * - The question goes `lead` minutes before the start (the event's lead, else its clinic's; 0: never).
 * - Only an attendee whose seat was confirmed at or before that moment is asked. A seat confirmed later (a
 *   late booking, a late promotion) gets no question, as a reminder whose time has passed is not sent
 *   (DESIGN rule 6), and is never released: nobody is released without having been asked.
 * - With "release if unconfirmed" on, the last warning goes halfway between the question and the deadline,
 *   to those asked who have not answered yet; the deadline must come after the question, else nobody is
 *   asked in time and nothing is released.
 * - At the deadline a confirmed attendee is released only if they were warned (the warning was sent), have
 *   not answered "yes" and have not been checked in.
 */

const MINUTE_MS = 60_000;

/** What an event says about reconfirmation, with the clinic's default already in `leadMinutes`. */
export interface ReconfirmSettings {
  startsAt: Date;
  /** Minutes before the start the question goes; 0: never asked. */
  leadMinutes: number;
  releaseUnconfirmed: boolean;
  /** Minutes before the start by which an unanswered seat is released. */
  releaseDeadlineMinutes: number;
}

/** The reconfirmation lead of an event: its own, or else its clinic's default. */
export function effectiveLeadMinutes(
  event: { reconfirmLeadMinutes: number | null },
  clinic: { reconfirmLeadMinutes: number },
): number {
  return event.reconfirmLeadMinutes ?? clinic.reconfirmLeadMinutes;
}

/** When the question is due, whoever is asked; undefined when the event asks nobody. */
export function reconfirmTime(settings: ReconfirmSettings): Date | undefined {
  if (settings.leadMinutes <= 0) return undefined;
  return minutesBefore(settings.startsAt, settings.leadMinutes);
}

/** The release deadline; undefined when the event does not release unanswered seats or would ask nobody in time. */
export function releaseDeadline(settings: ReconfirmSettings): Date | undefined {
  const asked = reconfirmTime(settings);
  if (!settings.releaseUnconfirmed || !asked) return undefined;
  const deadline = minutesBefore(settings.startsAt, settings.releaseDeadlineMinutes);
  return deadline > asked ? deadline : undefined;
}

/** The last warning: halfway between the question and the deadline (a whole number of minutes before the start). */
export function warningTime(settings: ReconfirmSettings): Date | undefined {
  if (!releaseDeadline(settings)) return undefined;
  return minutesBefore(settings.startsAt, Math.round((settings.leadMinutes + settings.releaseDeadlineMinutes) / 2));
}

/** One attendee's standing, as far as reconfirmation goes. */
export interface ReconfirmStanding {
  status: string;
  confirmedAt: Date | null;
  reconfirmedAt: Date | null;
}

/** Whether this attendee is (or was) asked "still coming?": confirmed at or before the question's time. */
export function isAsked(settings: ReconfirmSettings, standing: ReconfirmStanding): boolean {
  const asked = reconfirmTime(settings);
  return (
    asked !== undefined &&
    standing.status === 'confirmed' &&
    standing.confirmedAt !== null &&
    standing.confirmedAt <= asked
  );
}

/** The messages to schedule for one attendee at `now`: only those still ahead, none once they have answered. */
export interface ReconfirmPlan {
  /** The "still coming?" e-mail, minutes before the start and when. */
  question?: { minutesBefore: number; dueAt: Date };
  /** The last warning (release on only). */
  warning?: { minutesBefore: number; dueAt: Date };
}

export function reconfirmPlan(settings: ReconfirmSettings, standing: ReconfirmStanding, now: Date): ReconfirmPlan {
  if (standing.reconfirmedAt !== null || !isAsked(settings, standing)) return {};
  const plan: ReconfirmPlan = {};
  const asked = reconfirmTime(settings)!;
  if (asked > now) plan.question = { minutesBefore: settings.leadMinutes, dueAt: asked };
  const warning = warningTime(settings);
  if (warning && warning > now)
    plan.warning = { minutesBefore: minutesUntil(warning, settings.startsAt), dueAt: warning };
  return plan;
}

/** Whether the release of an event is due at `now`: on, past its deadline, not started, not yet run. */
export function isReleaseDue(
  settings: ReconfirmSettings & { status: string; unconfirmedReleasedAt: Date | null },
  now: Date,
): boolean {
  const deadline = releaseDeadline(settings);
  return (
    settings.status === 'published' &&
    settings.unconfirmedReleasedAt === null &&
    deadline !== undefined &&
    deadline <= now &&
    now < settings.startsAt
  );
}

/** A candidate for release, read under the event's lock. */
export interface ReleaseCandidate {
  id: string;
  status: string;
  reconfirmedAt: Date | null;
  checkedInAt: Date | null;
  /** Whether the last warning was actually sent to them. */
  warned: boolean;
}

/** Who is released at the deadline: confirmed, warned, not answered "yes", not checked in. */
export function pickReleased<T extends ReleaseCandidate>(candidates: readonly T[]): T[] {
  return candidates.filter(
    (c) => c.status === 'confirmed' && c.warned && c.reconfirmedAt === null && c.checkedInAt === null,
  );
}

function minutesBefore(startsAt: Date, minutes: number): Date {
  return new Date(startsAt.getTime() - minutes * MINUTE_MS);
}

function minutesUntil(at: Date, startsAt: Date): number {
  return Math.round((startsAt.getTime() - at.getTime()) / MINUTE_MS);
}

import { describe, expect, it } from '@jest/globals';
import {
  effectiveLeadMinutes,
  isAsked,
  isReleaseDue,
  pickReleased,
  reconfirmPlan,
  reconfirmTime,
  releaseDeadline,
  type ReconfirmSettings,
  warningTime,
} from './reconfirm-rules.js';

const HOUR = 3_600_000;
const start = new Date('2026-12-10T18:00:00Z');
const hoursBefore = (hours: number) => new Date(start.getTime() - hours * HOUR);
const settings = (overrides: Partial<ReconfirmSettings> = {}): ReconfirmSettings => ({
  startsAt: start,
  leadMinutes: 48 * 60,
  releaseUnconfirmed: false,
  releaseDeadlineMinutes: 12 * 60,
  ...overrides,
});
const confirmed = (hoursBeforeStart: number, reconfirmedAt: Date | null = null) => ({
  status: 'confirmed',
  confirmedAt: hoursBefore(hoursBeforeStart),
  reconfirmedAt,
});

describe('when "still coming?" is asked', () => {
  it("uses the event's lead, else the clinic's; 0 asks nobody", () => {
    expect(effectiveLeadMinutes({ reconfirmLeadMinutes: null }, { reconfirmLeadMinutes: 2880 })).toBe(2880);
    expect(effectiveLeadMinutes({ reconfirmLeadMinutes: 0 }, { reconfirmLeadMinutes: 2880 })).toBe(0);
    expect(reconfirmTime(settings())).toEqual(hoursBefore(48));
    expect(reconfirmTime(settings({ leadMinutes: 0 }))).toBeUndefined();
  });

  it('asks a seat confirmed before the question, not one confirmed after it (a passed reminder is not sent)', () => {
    const early = confirmed(72);
    expect(isAsked(settings(), early)).toBe(true);
    expect(reconfirmPlan(settings(), early, hoursBefore(72))).toEqual({
      question: { minutesBefore: 2880, dueAt: hoursBefore(48) },
    });
    const late = confirmed(30);
    expect(isAsked(settings(), late)).toBe(false);
    expect(reconfirmPlan(settings(), late, hoursBefore(30))).toEqual({});
  });

  it('schedules nothing for someone who answered, for a waitlisted place, or once the time has passed', () => {
    expect(reconfirmPlan(settings(), confirmed(72, hoursBefore(60)), hoursBefore(70))).toEqual({});
    expect(reconfirmPlan(settings(), { ...confirmed(72), status: 'waitlisted' }, hoursBefore(70))).toEqual({});
    expect(reconfirmPlan(settings(), confirmed(72), hoursBefore(47))).toEqual({});
  });
});

describe('the last warning and the deadline (release if unconfirmed)', () => {
  const release = settings({ releaseUnconfirmed: true });

  it('warns halfway between the question and the deadline', () => {
    expect(releaseDeadline(release)).toEqual(hoursBefore(12));
    expect(warningTime(release)).toEqual(hoursBefore(30));
    expect(reconfirmPlan(release, confirmed(72), hoursBefore(72))).toEqual({
      question: { minutesBefore: 2880, dueAt: hoursBefore(48) },
      warning: { minutesBefore: 1800, dueAt: hoursBefore(30) },
    });
    // Asked already (the question went), not answered: only the warning is still ahead.
    expect(reconfirmPlan(release, confirmed(72), hoursBefore(40))).toEqual({
      warning: { minutesBefore: 1800, dueAt: hoursBefore(30) },
    });
  });

  it('no warning and no deadline when release is off, or when the deadline is not after the question', () => {
    expect(warningTime(settings())).toBeUndefined();
    expect(releaseDeadline(settings())).toBeUndefined();
    const backwards = settings({ releaseUnconfirmed: true, leadMinutes: 600, releaseDeadlineMinutes: 720 });
    expect(releaseDeadline(backwards)).toBeUndefined();
    expect(reconfirmPlan(backwards, confirmed(72), hoursBefore(72))).toEqual({
      question: { minutesBefore: 600, dueAt: hoursBefore(10) },
    });
  });

  it('the release is due once, between the deadline and the start, for a published event', () => {
    const event = { ...release, status: 'published', unconfirmedReleasedAt: null };
    expect(isReleaseDue(event, hoursBefore(13))).toBe(false);
    expect(isReleaseDue(event, hoursBefore(12))).toBe(true);
    expect(isReleaseDue(event, hoursBefore(1))).toBe(true);
    expect(isReleaseDue(event, start)).toBe(false);
    expect(isReleaseDue({ ...event, unconfirmedReleasedAt: hoursBefore(11) }, hoursBefore(10))).toBe(false);
    expect(isReleaseDue({ ...event, status: 'cancelled' }, hoursBefore(10))).toBe(false);
    expect(isReleaseDue({ ...event, releaseUnconfirmed: false }, hoursBefore(10))).toBe(false);
  });

  it('releases the warned who neither answered yes nor were checked in', () => {
    const base = { status: 'confirmed', reconfirmedAt: null, checkedInAt: null, warned: true };
    const candidates = [
      { ...base, id: 'silent' },
      { ...base, id: 'said-yes', reconfirmedAt: hoursBefore(20) },
      { ...base, id: 'checked-in', checkedInAt: hoursBefore(11) },
      { ...base, id: 'never-warned', warned: false },
      { ...base, id: 'cancelled', status: 'cancelled' },
      { ...base, id: 'waitlisted', status: 'waitlisted' },
    ];
    expect(pickReleased(candidates).map((c) => c.id)).toEqual(['silent']);
  });
});

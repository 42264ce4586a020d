/**
 * A VTIMEZONE read the way Outlook reads it (MS-OXCICAL 2.1.3.1.1.19 and [MS-STANOICAL] 2.2.47): it keeps
 * one yearly pair of transitions and nothing else. From the STANDARD and the DAYLIGHT sub-components that
 * carry a yearly rule (the latest DTSTART if there are several) it takes TZOFFSETTO, the month and the
 * "nth weekday" of `RRULE:FREQ=YEARLY;BYMONTH=…;BYDAY=…` and the time of day of DTSTART; any rule in another
 * form, and every one-off observance, is ignored. Without a DAYLIGHT rule the zone is the STANDARD offset
 * all year. Independent of the code under test: its own parser, its own date arithmetic.
 */
export interface OutlookZone {
  standardOffset: number;
  daylight?: { offset: number; toDaylight: YearlyTransition; toStandard: YearlyTransition };
}

interface YearlyTransition {
  month: number;
  /** 1–4, or 5 for "the last" (Outlook's SYSTEMTIME wDay). */
  occurrence: number;
  weekday: number;
  secondsOfDay: number;
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

interface Sub {
  kind: 'STANDARD' | 'DAYLIGHT';
  dtstart: string;
  offsetTo: number;
  rrule?: string;
}

/** Reads the pair; undefined when Outlook would find no STANDARD to take its bias from. */
export function readAsOutlook(vtimezone: string): OutlookZone | undefined {
  const unfolded = vtimezone.replace(/\r\n[ \t]/g, '');
  const subs: Sub[] = [...unfolded.matchAll(/BEGIN:(STANDARD|DAYLIGHT)\r\n([\s\S]*?)END:\1/g)].map((m) => {
    const prop = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(m[2]!)?.[1]?.trim();
    return {
      kind: m[1] as Sub['kind'],
      dtstart: prop('DTSTART') ?? '',
      offsetTo: minutes(prop('TZOFFSETTO')!),
      rrule: prop('RRULE'),
    };
  });
  const latest = (kind: Sub['kind']) =>
    subs
      .filter((s) => s.kind === kind && s.rrule && yearly(s.rrule))
      .sort((a, b) => a.dtstart.localeCompare(b.dtstart))
      .at(-1);
  const standard = latest('STANDARD') ?? subs.filter((s) => s.kind === 'STANDARD').at(-1);
  if (!standard) return undefined;
  const daylight = latest('DAYLIGHT');
  if (!daylight || !standard.rrule) return { standardOffset: standard.offsetTo };
  return {
    standardOffset: standard.offsetTo,
    daylight: { offset: daylight.offsetTo, toDaylight: transition(daylight), toStandard: transition(standard) },
  };
}

/** The UTC offset (minutes) Outlook gives the instant. */
export function outlookOffset(zone: OutlookZone, instant: Date): number {
  if (!zone.daylight) return zone.standardOffset;
  const { offset, toDaylight, toStandard } = zone.daylight;
  // Each transition happens at a wall-clock time read in the offset in force before it.
  const dstStarts = (y: number) => wallClock(y, toDaylight) - zone.standardOffset * 60_000;
  const dstEnds = (y: number) => wallClock(y, toStandard) - offset * 60_000;
  // Daylight time runs from its start to the next end: within the year up north, across New Year down south.
  const southern = toDaylight.month > toStandard.month;
  const t = instant.getTime();
  const year = instant.getUTCFullYear();
  const inDaylight = [year - 2, year - 1, year, year + 1].some(
    (y) => t >= dstStarts(y) && t < dstEnds(southern ? y + 1 : y),
  );
  return inDaylight ? offset : zone.standardOffset;
}

function yearly(rrule: string): RegExpExecArray | null {
  return /^FREQ=YEARLY;BYMONTH=(\d{1,2});BYDAY=(-1|[1-4])(SU|MO|TU|WE|TH|FR|SA)$/.exec(rrule);
}

function transition(sub: Sub): YearlyTransition {
  const [, month, nth, day] = yearly(sub.rrule!)!;
  const time = /T(\d{2})(\d{2})(\d{2})$/.exec(sub.dtstart)!;
  return {
    month: Number(month),
    occurrence: nth === '-1' ? 5 : Number(nth),
    weekday: WEEKDAYS.indexOf(day!),
    secondsOfDay: Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3]),
  };
}

/** The transition's wall-clock moment in `year`, as milliseconds of a UTC clock showing it. */
function wallClock(year: number, { month, occurrence, weekday, secondsOfDay }: YearlyTransition): number {
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  let day = 1 + ((weekday - firstWeekday + 7) % 7) + 7 * (occurrence - 1);
  while (day > daysInMonth) day -= 7; // occurrence 5: the last one in the month
  return Date.UTC(year, month - 1, day) + secondsOfDay * 1000;
}

function minutes(offset: string): number {
  const m = /^([+-])(\d{2})(\d{2})(\d{2})?$/.exec(offset)!;
  const value = Number(m[2]) * 60 + Number(m[3]) + Number(m[4] ?? 0) / 60;
  return m[1] === '-' ? -value : value;
}

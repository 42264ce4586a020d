import { CreateEventSeriesDto, UpdateEventSeriesDto } from '../../events/dto/event-series.dto.js';
import { MAX_OCCURRENCES } from '../../events/series/recurrence.js';
import {
  isInLastWeekOfMonth,
  type RecurrencePattern,
  REPEAT_KINDS,
  type RepeatKind,
  ruleForPattern,
} from '../../events/series/recurrence-pattern.js';
import { defaultsField, defaultsInput, type DefaultsFormValues, readDefaultsForm } from './defaults-form.js';
import {
  emptyEventForm,
  eventField,
  eventTemplate,
  type EventFormValues,
  readEventForm,
  scheduleProblems,
} from './event-form.js';
import { type FormProblems, NO_PROBLEMS, text, validateAs, wholeNumber, withProblem } from './form-errors.js';

/** The series form: the first event (its day is the first date) and how it repeats. */
export interface SeriesFormValues extends EventFormValues {
  repeat: RepeatKind;
  interval: string;
  /** Monthly: the weekday's place counted from the start of the month (2nd Tuesday) or from its end (last Friday). */
  monthlyOn: 'nth' | 'last';
  ends: 'count' | 'until';
  count: string;
  until: string;
  publish: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function emptySeriesForm(clinic = ''): SeriesFormValues {
  return {
    ...emptyEventForm(clinic),
    repeat: 'weekly',
    interval: '1',
    monthlyOn: 'nth',
    ends: 'count',
    count: '6',
    until: '',
    publish: false,
  };
}

export function readSeriesForm(body: Record<string, unknown>): SeriesFormValues {
  const repeat = text(body, 'repeat');
  return {
    ...readEventForm(body),
    repeat: (REPEAT_KINDS as readonly string[]).includes(repeat) ? (repeat as RepeatKind) : 'weekly',
    interval: text(body, 'interval', 10).trim(),
    monthlyOn: text(body, 'monthlyOn') === 'last' ? 'last' : 'nth',
    ends: text(body, 'ends') === 'until' ? 'until' : 'count',
    count: text(body, 'count', 10).trim(),
    until: text(body, 'until', 20).trim(),
    publish: text(body, 'publish') === 'yes',
  };
}

/** Every field as hidden inputs: the preview page carries the form to its "Create" and "Change" buttons. */
export function seriesHiddenFields(values: SeriesFormValues): [string, string][] {
  const { defaults, publish, ...rest } = values;
  return [
    ...Object.entries(rest).map(([name, value]) => [name, String(value)] as [string, string]),
    ['publish', publish ? 'yes' : 'no'],
    ['remindersMode', defaults.remindersMode],
    ...defaults.reminders.map((minutes) => ['reminders', String(minutes)] as [string, string]),
    ['maxPartySize', defaults.maxPartySize],
    ['waitlist', defaults.waitlist],
  ];
}

/** Where a problem of the series request shows: the rule's on how the series ends, the first start on the first date. */
export function seriesField(values: SeriesFormValues) {
  return (requestField: string): string | undefined => {
    if (requestField.startsWith('recurrence')) return values.ends === 'until' ? 'until' : 'count';
    if (requestField === 'event.startsAt') return 'date';
    return eventField(requestField);
  };
}

/** The pattern's own fields, each checked before a rule is written from them. */
function patternProblems(values: SeriesFormValues): { pattern?: RecurrencePattern; problems: FormProblems } {
  let problems = NO_PROBLEMS;
  const interval = wholeNumber(values.interval);
  if (typeof interval !== 'number' || interval < 1 || interval > 12) problems = withProblem(problems, 'interval');
  const count = wholeNumber(values.count);
  if (values.ends === 'count' && (typeof count !== 'number' || count < 1 || count > MAX_OCCURRENCES))
    problems = withProblem(problems, 'count');
  if (values.ends === 'until' && (!DATE.test(values.until) || (DATE.test(values.date) && values.until < values.date)))
    problems = withProblem(problems, 'until');
  // "The last Friday" describes only a date in the last seven days of its month.
  if (
    values.repeat === 'monthly' &&
    values.monthlyOn === 'last' &&
    DATE.test(values.date) &&
    !isInLastWeekOfMonth(values.date)
  ) {
    problems = withProblem(problems, 'monthlyOn');
  }
  if (Object.keys(problems.fields).length) return { problems };
  return {
    pattern: {
      repeat: values.repeat,
      interval: interval as number,
      fromMonthEnd: values.monthlyOn === 'last',
      ...(values.ends === 'until' ? { until: values.until } : { count: count as number }),
    },
    problems,
  };
}

/** Checks the form with the series API's own DTO; the rule is written from the pattern the person chose. */
export async function validateSeriesForm(
  values: SeriesFormValues,
): Promise<{ input?: CreateEventSeriesDto; problems: FormProblems }> {
  const schedule = scheduleProblems(values);
  const { pattern, problems: patternIssues } = patternProblems(values);
  const rule = pattern && DATE.test(values.date) ? ruleForPattern(values.date, pattern) : 'FREQ=WEEKLY;COUNT=1';
  const plain = { event: eventTemplate(values), recurrence: { rule }, publish: values.publish };
  const { input, problems } = await validateAs(CreateEventSeriesDto, plain, seriesField(values));
  const fields = { ...problems.fields, ...patternIssues.fields, ...schedule.fields };
  if (values.kind === 'webinar' && !values.joinUrl) fields.joinUrl ??= 'admin.field.joinUrl';
  if (values.clinic === '') fields.clinic ??= 'admin.field.clinic';
  if (Object.keys(fields).length || problems.form)
    return { problems: { fields, form: Object.keys(fields).length ? undefined : problems.form } };
  return { input, problems: NO_PROBLEMS };
}

/** The edit of a series' future events: a field left empty (or "keep") is not changed. */
export interface SeriesEditValues {
  title: string;
  description: string;
  venueName: string;
  joinUrl: string;
  startTime: string;
  durationMinutes: string;
  capacity: string;
  defaults: DefaultsFormValues;
}

export const EMPTY_SERIES_EDIT: SeriesEditValues = {
  title: '',
  description: '',
  venueName: '',
  joinUrl: '',
  startTime: '',
  durationMinutes: '',
  capacity: '',
  defaults: { remindersMode: 'inherit', reminders: [], maxPartySize: '', waitlist: '' },
};

export function readSeriesEdit(body: Record<string, unknown>): SeriesEditValues {
  return {
    title: text(body, 'title', 300),
    description: text(body, 'description', 6000),
    venueName: text(body, 'venueName', 300),
    joinUrl: text(body, 'joinUrl', 2100).trim(),
    startTime: text(body, 'startTime', 10).trim(),
    durationMinutes: text(body, 'durationMinutes', 10).trim(),
    capacity: text(body, 'capacity', 20).trim(),
    defaults: readDefaultsForm(body),
  };
}

export async function validateSeriesEdit(
  values: SeriesEditValues,
): Promise<{ input?: UpdateEventSeriesDto; problems: FormProblems }> {
  const given = (value: string) => value.trim() !== '';
  const defaults = defaultsInput(values.defaults);
  const plain = {
    ...(given(values.title) ? { title: values.title.trim() } : {}),
    ...(given(values.description) ? { description: values.description.trim() } : {}),
    ...(given(values.venueName) ? { venueName: values.venueName.trim() } : {}),
    ...(given(values.joinUrl) ? { joinUrl: values.joinUrl } : {}),
    ...(given(values.startTime) ? { startTime: values.startTime } : {}),
    ...(given(values.durationMinutes) ? { durationMinutes: wholeNumber(values.durationMinutes) } : {}),
    ...(given(values.capacity) ? { capacity: wholeNumber(values.capacity) } : {}),
    ...(defaults.reminderOffsetsMinutes === null ? {} : { reminderOffsetsMinutes: defaults.reminderOffsetsMinutes }),
    ...(defaults.maxPartySize === null ? {} : { maxPartySize: defaults.maxPartySize }),
    ...(defaults.waitlistEnabled === null ? {} : { waitlistEnabled: defaults.waitlistEnabled }),
  };
  const map = (field: string) =>
    ['title', 'description', 'venueName', 'joinUrl', 'startTime', 'durationMinutes', 'capacity'].includes(field)
      ? field
      : defaultsField(field);
  if (Object.keys(plain).length === 0) return { problems: { fields: {}, form: 'admin.series.nothingToChange' } };
  return validateAs(UpdateEventSeriesDto, plain, map);
}

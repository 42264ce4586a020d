import { CreateEventDto, UpdateEventDto } from '../../events/dto/event.dto.js';
import type { StaffEventView } from '../../events/dto/event-views.js';
import { EVENT_KINDS, type EventKind } from '../../events/event.entity.js';
import { defaultsField, defaultsInput, type DefaultsFormValues, readDefaultsForm } from './defaults-form.js';
import { type FormProblems, NO_PROBLEMS, text, validateAs, wholeNumber, withProblem } from './form-errors.js';
import {
  emptyReconfirmForm,
  readReconfirmForm,
  reconfirmField,
  reconfirmFormFrom,
  reconfirmInput,
  type ReconfirmFormValues,
} from './reconfirm-form.js';

/**
 * An event as the admin pages' forms hold it: the day and the times as the clinic's wall clock (an
 * <input type="date"> and two <input type="time">), read in the event's zone by the API's own rules.
 */
export interface EventFormValues {
  clinic: string;
  kind: EventKind;
  title: string;
  description: string;
  venueName: string;
  joinUrl: string;
  capacity: string;
  date: string;
  startTime: string;
  endTime: string;
  defaults: DefaultsFormValues;
  /** "Still coming?" and "release if unconfirmed" (issue 9). */
  reconfirm: ReconfirmFormValues;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function emptyEventForm(clinic = ''): EventFormValues {
  return {
    clinic,
    kind: 'seminar',
    title: '',
    description: '',
    venueName: '',
    joinUrl: '',
    capacity: '',
    date: '',
    startTime: '',
    endTime: '',
    defaults: { remindersMode: 'inherit', reminders: [], maxPartySize: '', waitlist: '' },
    reconfirm: emptyReconfirmForm(),
  };
}

/** The event's own values (an edit or a reschedule starts from them). */
export function eventFormFrom(event: StaffEventView): EventFormValues {
  return {
    clinic: event.clinic.slug,
    kind: event.kind,
    title: event.title,
    description: event.description,
    venueName: event.venue?.name ?? '',
    joinUrl: event.joinUrl ?? '',
    capacity: String(event.capacity),
    date: event.localStartsAt.slice(0, 10),
    startTime: event.localStartsAt.slice(11, 16),
    endTime: event.localEndsAt.slice(11, 16),
    defaults: {
      remindersMode: 'custom',
      reminders: event.reminderOffsetsMinutes,
      maxPartySize: String(event.maxPartySize),
      waitlist: event.waitlistEnabled ? 'on' : 'off',
    },
    reconfirm: reconfirmFormFrom(event),
  };
}

export function readEventForm(body: Record<string, unknown>): EventFormValues {
  const kind = text(body, 'kind');
  return {
    clinic: text(body, 'clinic', 100),
    kind: (EVENT_KINDS as readonly string[]).includes(kind) ? (kind as EventKind) : 'seminar',
    title: text(body, 'title', 300),
    description: text(body, 'description', 6000),
    venueName: text(body, 'venueName', 300),
    joinUrl: text(body, 'joinUrl', 2100).trim(),
    capacity: text(body, 'capacity', 20).trim(),
    date: text(body, 'date', 20).trim(),
    startTime: text(body, 'startTime', 10).trim(),
    endTime: text(body, 'endTime', 10).trim(),
    defaults: readDefaultsForm(body),
    reconfirm: readReconfirmForm(body),
  };
}

/** The request field a problem names → the form field it shows beside. */
export function eventField(requestField: string): string | undefined {
  const field = requestField.replace(/^event\./, '');
  if (field === 'startsAt') return 'startTime';
  if (field === 'endsAt') return 'endTime';
  if (['kind', 'title', 'description', 'venueName', 'joinUrl', 'capacity', 'clinic'].includes(field)) return field;
  if (field === 'registrationOpensAt' || field === 'registrationClosesAt') return 'startTime';
  return defaultsField(field) ?? reconfirmField(field);
}

/** The day and the two times, each checked on its own, then the end after the start. */
export function scheduleProblems(
  values: Pick<EventFormValues, 'date' | 'startTime' | 'endTime'>,
  dateField = 'date',
): FormProblems {
  let problems = NO_PROBLEMS;
  if (!DATE.test(values.date)) problems = withProblem(problems, dateField);
  if (!TIME.test(values.startTime)) problems = withProblem(problems, 'startTime');
  if (!TIME.test(values.endTime)) problems = withProblem(problems, 'endTime');
  else if (TIME.test(values.startTime) && values.endTime <= values.startTime)
    problems = withProblem(problems, 'endTime', 'admin.field.endAfterStart');
  return problems;
}

/** What both the event and the series forms send for the event itself (the API's CreateEventDto fields). */
export function eventTemplate(values: EventFormValues): Record<string, unknown> {
  const defaults = defaultsInput(values.defaults);
  return {
    kind: values.kind,
    title: values.title.trim(),
    description: values.description.trim(),
    startsAt: `${values.date}T${values.startTime}`,
    endsAt: `${values.date}T${values.endTime}`,
    ...(values.kind === 'seminar' ? { venueName: values.venueName.trim() } : {}),
    ...(values.kind === 'webinar' && values.joinUrl ? { joinUrl: values.joinUrl } : {}),
    capacity: wholeNumber(values.capacity),
    // Left to the defaults, a field is not sent: the service fills it from the clinic, the chain or the built-in value.
    ...(defaults.reminderOffsetsMinutes === null ? {} : { reminderOffsetsMinutes: defaults.reminderOffsetsMinutes }),
    ...(defaults.maxPartySize === null ? {} : { maxPartySize: defaults.maxPartySize }),
    ...(defaults.waitlistEnabled === null ? {} : { waitlistEnabled: defaults.waitlistEnabled }),
    ...reconfirmInput(values.reconfirm),
  };
}

/** A webinar needs its link (the service says so too, but the form says it beside the field before anything is sent). */
function kindProblems(values: EventFormValues): FormProblems {
  return values.kind === 'webinar' && values.joinUrl === '' ? withProblem(NO_PROBLEMS, 'joinUrl') : NO_PROBLEMS;
}

function merge(...all: FormProblems[]): FormProblems {
  const fields = Object.assign({}, ...all.map((p) => p.fields)) as Record<string, string>;
  const form = all.find((p) => p.form)?.form;
  return { fields, form };
}

export async function validateNewEvent(
  values: EventFormValues,
): Promise<{ input?: CreateEventDto; problems: FormProblems }> {
  const { input, problems } = await validateAs(CreateEventDto, eventTemplate(values), eventField);
  const all = merge(problems, scheduleProblems(values), kindProblems(values));
  const clinic = values.clinic === '' ? withProblem(all, 'clinic') : all;
  return Object.keys(clinic.fields).length || clinic.form ? { problems: clinic } : { input, problems: NO_PROBLEMS };
}

/** An edit of what attendees read and of the seats (the times change through a reschedule). */
export async function validateEventEdit(
  values: EventFormValues,
): Promise<{ input?: UpdateEventDto; problems: FormProblems }> {
  const defaults = defaultsInput({ ...values.defaults, remindersMode: 'custom' });
  const plain = {
    title: values.title.trim(),
    description: values.description.trim(),
    ...(values.kind === 'seminar' ? { venueName: values.venueName.trim() } : { joinUrl: values.joinUrl }),
    capacity: wholeNumber(values.capacity),
    reminderOffsetsMinutes: defaults.reminderOffsetsMinutes,
    maxPartySize: defaults.maxPartySize ?? '',
    waitlistEnabled: defaults.waitlistEnabled ?? true,
    ...reconfirmInput(values.reconfirm),
  };
  const { input, problems } = await validateAs(UpdateEventDto, plain, eventField);
  const all = merge(problems, kindProblems(values));
  return Object.keys(all.fields).length || all.form ? { problems: all } : { input, problems: NO_PROBLEMS };
}

/** A new day and times: the only change a reschedule makes. */
export async function validateReschedule(
  values: EventFormValues,
): Promise<{ input?: UpdateEventDto; problems: FormProblems }> {
  const schedule = scheduleProblems(values);
  if (Object.keys(schedule.fields).length) return { problems: schedule };
  const { input, problems } = await validateAs(
    UpdateEventDto,
    { startsAt: `${values.date}T${values.startTime}`, endsAt: `${values.date}T${values.endTime}` },
    eventField,
  );
  return input ? { input, problems: NO_PROBLEMS } : { problems };
}

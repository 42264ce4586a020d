import type { Translate } from '../../i18n/translator.js';
import { offsetLabel } from './defaults-form.js';
import { text } from './form-errors.js';

/**
 * "Still coming?" and "release if unconfirmed" (issue 9) as the event form holds them: when attendees are asked
 * ('' leaves it to the clinic, '0' never), whether unanswered seats are released, and by when.
 */
export interface ReconfirmFormValues {
  lead: string;
  release: 'on' | 'off';
  deadline: string;
}

/** The lead times offered, in minutes before the start (any other an event has is added). */
const LEAD_CHOICES = [10080, 4320, 2880, 1440];
const DEADLINE_CHOICES = [2880, 1440, 720, 360, 120];
const MINUTES = /^\d{1,5}$/;

export function emptyReconfirmForm(): ReconfirmFormValues {
  return { lead: '', release: 'off', deadline: '720' };
}

export function reconfirmFormFrom(event: {
  reconfirmLeadMinutes: number | null;
  releaseUnconfirmed: boolean;
  releaseDeadlineMinutes: number;
}): ReconfirmFormValues {
  return {
    lead: event.reconfirmLeadMinutes === null ? '' : String(event.reconfirmLeadMinutes),
    release: event.releaseUnconfirmed ? 'on' : 'off',
    deadline: String(event.releaseDeadlineMinutes),
  };
}

export function readReconfirmForm(body: Record<string, unknown>): ReconfirmFormValues {
  const lead = text(body, 'reconfirmLead', 10).trim();
  const deadline = text(body, 'releaseDeadline', 10).trim();
  return {
    lead: MINUTES.test(lead) ? lead : '',
    release: text(body, 'releaseUnconfirmed') === 'on' ? 'on' : 'off',
    deadline: MINUTES.test(deadline) ? deadline : '720',
  };
}

/** The form as the API's fields (CreateEventDto / UpdateEventDto validate them). */
export function reconfirmInput(values: ReconfirmFormValues): {
  reconfirmLeadMinutes: number | null;
  releaseUnconfirmed: boolean;
  releaseDeadlineMinutes: number;
} {
  return {
    reconfirmLeadMinutes: values.lead === '' ? null : Number(values.lead),
    releaseUnconfirmed: values.release === 'on',
    releaseDeadlineMinutes: Number(values.deadline),
  };
}

/** Which form field a request field shows beside. */
export function reconfirmField(requestField: string): string | undefined {
  if (requestField === 'reconfirmLeadMinutes') return 'reconfirmLead';
  if (requestField === 'releaseUnconfirmed') return 'releaseUnconfirmed';
  if (requestField === 'releaseDeadlineMinutes') return 'releaseDeadline';
  return undefined;
}

/** A clinic's default lead (its page): the usual times, any other it has, and "never". */
export function clinicLeadChoices(t: Translate, chosen: string): string[][] {
  const minutes = [...new Set([...LEAD_CHOICES, ...(MINUTES.test(chosen) && chosen !== '0' ? [Number(chosen)] : [])])];
  return [
    ...minutes.sort((a, b) => b - a).map((m) => [String(m), t('admin.defaults.before', { time: offsetLabel(t, m) })]),
    ['0', t('admin.reconfirm.leadNever')],
  ];
}

/** The select options of the three fields, in the reader's language. */
export function reconfirmChoices(t: Translate, values: ReconfirmFormValues) {
  const withChosen = (choices: number[], chosen: string) =>
    [...new Set([...choices, ...(MINUTES.test(chosen) && chosen !== '0' ? [Number(chosen)] : [])])].sort(
      (a, b) => b - a,
    );
  const before = (minutes: number) => t('admin.defaults.before', { time: offsetLabel(t, minutes) });
  return {
    lead: [
      ['', t('admin.reconfirm.leadClinic')],
      ...withChosen(LEAD_CHOICES, values.lead).map((minutes) => [String(minutes), before(minutes)]),
      ['0', t('admin.reconfirm.leadNever')],
    ],
    release: [
      ['off', t('admin.reconfirm.releaseOff')],
      ['on', t('admin.reconfirm.releaseOn')],
    ],
    deadline: withChosen(DEADLINE_CHOICES, values.deadline).map((minutes) => [String(minutes), before(minutes)]),
  };
}

/** The event page's summary: when attendees are asked, and whether and by when unanswered seats are released. */
export function describeReconfirm(
  t: Translate,
  event: { reconfirmLeadMinutes: number | null; releaseUnconfirmed: boolean; releaseDeadlineMinutes: number },
): { lead: string; release: string } {
  const before = (minutes: number) => t('admin.defaults.before', { time: offsetLabel(t, minutes) });
  const lead = event.reconfirmLeadMinutes;
  return {
    lead: lead === null ? t('admin.reconfirm.leadClinic') : lead === 0 ? t('admin.reconfirm.leadNever') : before(lead),
    release: event.releaseUnconfirmed
      ? t('admin.reconfirm.releaseBy', { deadline: before(event.releaseDeadlineMinutes) })
      : t('admin.reconfirm.releaseOff'),
  };
}

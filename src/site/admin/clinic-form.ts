import type { Clinic } from '../../clinics/clinic.entity.js';
import { CreateClinicDto, UpdateClinicDto } from '../../clinics/dto/clinic.dto.js';
import { clinicLevel } from '../../settings/settings.service.js';
import {
  defaultsField,
  defaultsFormFrom,
  defaultsInput,
  type DefaultsFormValues,
  readDefaultsForm,
} from './defaults-form.js';
import { type FormProblems, text, validateAs } from './form-errors.js';
import type { Translate } from '../../i18n/translator.js';
import { offsetLabel } from './defaults-form.js';

/** The clinic form's fields as typed, so a page with errors shows them back unchanged. */
export interface ClinicFormValues {
  name: string;
  slug: string;
  timeZone: string;
  locale: string;
  phone: string;
  organizerEmail: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  postalCode: string;
  region: string;
  country: string;
  /** One origin a line. */
  embedOrigins: string;
  defaults: DefaultsFormValues;
  /** "Still coming?" this many minutes before the start, for events that do not say (issue 9); '0': never. */
  reconfirmLead: string;
  /** Late seats become offers this many minutes before the start (issue 9); '0': never. */
  offerThreshold: string;
  /** How long such an offer stays open, in minutes. */
  offerWindow: string;
}

export function emptyClinicForm(): ClinicFormValues {
  return {
    name: '',
    slug: '',
    timeZone: '',
    locale: 'en',
    phone: '',
    organizerEmail: '',
    addressLine1: '',
    addressLine2: '',
    city: '',
    postalCode: '',
    region: '',
    country: '',
    embedOrigins: '',
    defaults: { remindersMode: 'inherit', reminders: [], maxPartySize: '', waitlist: '' },
    reconfirmLead: '2880',
    offerThreshold: '1440',
    offerWindow: '120',
  };
}

export function clinicFormFrom(clinic: Clinic): ClinicFormValues {
  return {
    name: clinic.name,
    slug: clinic.slug,
    timeZone: clinic.timeZone,
    locale: clinic.locale,
    phone: clinic.phone,
    organizerEmail: clinic.organizerEmail,
    addressLine1: clinic.address.line1,
    addressLine2: clinic.address.line2 ?? '',
    city: clinic.address.city,
    postalCode: clinic.address.postalCode,
    region: clinic.address.region ?? '',
    country: clinic.address.country,
    embedOrigins: clinic.embedOrigins.join('\n'),
    defaults: defaultsFormFrom(clinicLevel(clinic)),
    reconfirmLead: String(clinic.reconfirmLeadMinutes),
    offerThreshold: String(clinic.offerThresholdMinutes),
    offerWindow: String(clinic.offerWindowMinutes),
  };
}

export function readClinicForm(body: Record<string, unknown>): ClinicFormValues {
  const field = (name: string, max = 300) => text(body, name, max);
  return {
    name: field('name'),
    slug: field('slug', 100).trim(),
    timeZone: field('timeZone', 100).trim(),
    locale: field('locale', 20),
    phone: field('phone', 60),
    organizerEmail: field('organizerEmail').trim(),
    addressLine1: field('addressLine1'),
    addressLine2: field('addressLine2'),
    city: field('city'),
    postalCode: field('postalCode', 40),
    region: field('region'),
    country: field('country', 10).trim().toUpperCase(),
    embedOrigins: field('embedOrigins', 3000),
    defaults: readDefaultsForm(body),
    reconfirmLead: field('reconfirmLead', 10).trim(),
    offerThreshold: field('offerThreshold', 10).trim(),
    offerWindow: field('offerWindow', 10).trim(),
  };
}

/** The request field a problem names → the form field beside which it shows. */
export function clinicField(requestField: string): string | undefined {
  const address: Record<string, string> = {
    address: 'addressLine1',
    'address.line1': 'addressLine1',
    'address.line2': 'addressLine2',
    'address.city': 'city',
    'address.postalCode': 'postalCode',
    'address.region': 'region',
    'address.country': 'country',
  };
  if (address[requestField]) return address[requestField];
  if (requestField.startsWith('embedOrigins')) return 'embedOrigins';
  if (['name', 'slug', 'timeZone', 'locale', 'phone', 'organizerEmail'].includes(requestField)) return requestField;
  if (requestField === 'reconfirmLeadMinutes') return 'reconfirmLead';
  if (requestField === 'offerThresholdMinutes') return 'offerThreshold';
  if (requestField === 'offerWindowMinutes') return 'offerWindow';
  return defaultsField(requestField);
}

/** Checks the form with the API's own clinic DTO (create, or update with every field given). */
export async function validateClinicForm(
  values: ClinicFormValues,
  mode: 'create' | 'update',
): Promise<{ input?: CreateClinicDto; problems: FormProblems }> {
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const defaults = defaultsInput(values.defaults);
  const plain = {
    name: values.name.trim(),
    slug: values.slug,
    address: {
      line1: values.addressLine1.trim(),
      line2: optional(values.addressLine2),
      city: values.city.trim(),
      postalCode: values.postalCode.trim(),
      region: optional(values.region),
      country: values.country,
    },
    timeZone: values.timeZone,
    phone: values.phone.trim(),
    organizerEmail: values.organizerEmail,
    locale: values.locale,
    embedOrigins: values.embedOrigins
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
    defaultReminderOffsetsMinutes: defaults.reminderOffsetsMinutes,
    defaultMaxPartySize: defaults.maxPartySize,
    defaultWaitlistEnabled: defaults.waitlistEnabled,
    // Left out (a form without the field), the clinic keeps its lead (the built-in 48 hours for a new one).
    ...(values.reconfirmLead === ''
      ? {}
      : { reconfirmLeadMinutes: /^\d{1,5}$/.test(values.reconfirmLead) ? Number(values.reconfirmLead) : -1 }),
    ...minutesField('offerThresholdMinutes', values.offerThreshold),
    ...minutesField('offerWindowMinutes', values.offerWindow),
  };
  // Every field is given either way, so what passes is a whole clinic.
  return validateAs(
    (mode === 'create' ? CreateClinicDto : UpdateClinicDto) as new () => CreateClinicDto,
    plain,
    clinicField,
  );
}

/** A minutes field of the form: left out when empty (the clinic keeps its value), refused when not a number. */
function minutesField(name: string, value: string): Record<string, number> {
  if (value === '') return {};
  return { [name]: /^\d{1,5}$/.test(value) ? Number(value) : -1 };
}

const OFFER_THRESHOLDS = [2880, 1440, 720, 360, 180];
const OFFER_WINDOWS = [240, 120, 60, 30, 15];

/** The offer selects of the clinic form, in the reader's language (a value set through the API is kept). */
export function offerChoices(t: Translate, values: Pick<ClinicFormValues, 'offerThreshold' | 'offerWindow'>) {
  const withChosen = (choices: number[], chosen: string) =>
    [...new Set([...choices, ...(/^[1-9]\d{0,4}$/.test(chosen) ? [Number(chosen)] : [])])].sort((a, b) => b - a);
  return {
    thresholds: [
      ...withChosen(OFFER_THRESHOLDS, values.offerThreshold).map((minutes) => [
        String(minutes),
        t('admin.defaults.before', { time: offsetLabel(t, minutes) }),
      ]),
      ['0', t('admin.offers.never')],
    ],
    windows: withChosen(OFFER_WINDOWS, values.offerWindow).map((minutes) => [String(minutes), offsetLabel(t, minutes)]),
  };
}

import type { AuditRow } from '../../audit/audit-queries.js';
import { formatDateTime } from '../../i18n/dates.js';
import type { Locale } from '../../i18n/locales.js';
import type { Translate } from '../../i18n/translator.js';

/** Actions the audit page names in words (reports.audit.actions.*); any other shows as its code. */
export const KNOWN_ACTIONS = new Set([
  'event.created',
  'event.updated',
  'event.capacity_changed',
  'event.published',
  'event.completed',
  'event.cancelled',
  'event.attendees_anonymised',
  'event_series.created',
  'reservation.cancelled',
  'reservation.checked_in',
  'reservation.check_in_undone',
  'reservation.walked_in',
  'reservation.promoted',
  'clinic.created',
  'clinic.updated',
  'clinic.archived',
  'clinic.restored',
  'staff_user.created',
  'staff_user.updated',
  'staff_user.invited',
  'attendee.erased',
  'message.retried',
  'chain_settings.updated',
]);

export interface AuditEntryModel {
  id: string;
  when: string;
  who: { label: string; filterHref?: string };
  what: string;
  clinic?: { name: string; filterHref: string };
  event?: { title: string; filterHref: string };
  changes: { field: string; before: string; after: string }[];
}

/** How one audit row reads on the page: times in the clinic's zone (else the chain's), values as short text. */
export function presentAuditRow(
  row: AuditRow,
  locale: Locale,
  t: Translate,
  defaultZone: string,
  hrefWith: (filter: Record<string, string>) => string,
): AuditEntryModel {
  const fields = [...new Set([...Object.keys(row.before ?? {}), ...Object.keys(row.after ?? {})])];
  return {
    id: row.id,
    when: formatDateTime(new Date(row.at), row.clinicTimeZone ?? defaultZone, locale),
    who: row.actorId
      ? {
          label: `${row.actorName ?? ''} (${t(`reports.audit.roles.${row.actorRole}`)})`,
          filterHref: hrefWith({ actor: row.actorId }),
        }
      : { label: t('reports.audit.system') },
    what: KNOWN_ACTIONS.has(row.action) ? t(`reports.audit.actions.${row.action}`) : row.action,
    clinic:
      row.clinicId && row.clinicSlug
        ? { name: row.clinicName ?? row.clinicSlug, filterHref: hrefWith({ clinic: row.clinicSlug }) }
        : undefined,
    event: row.eventId
      ? { title: row.eventTitle ?? row.eventId, filterHref: hrefWith({ event: row.eventId }) }
      : undefined,
    changes: fields.map((field) => ({
      field,
      before: valueText(row.before?.[field], t),
      after: valueText(row.after?.[field], t),
    })),
  };
}

/** A value in a few words: lists of more than three items as their count, objects as compact JSON. */
export function valueText(value: unknown, t: Translate): string {
  if (value === undefined) return '';
  if (value === null) return t('reports.audit.none');
  if (Array.isArray(value))
    return value.length > 3
      ? t('reports.audit.items', { count: value.length })
      : value.map((item) => valueText(item, t)).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'boolean') return t(value ? 'reports.audit.yes' : 'reports.audit.no');
  const text = String(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

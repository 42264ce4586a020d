import { formatMonth } from '../../i18n/dates.js';
import type { Locale } from '../../i18n/locales.js';
import type { Translate } from '../../i18n/translator.js';
import { barChart, type BarChart } from '../../reports/bar-chart.js';
import type { ChainDashboard, DashboardRow } from '../../reports/chain-dashboard.js';

export interface DashboardTableRow {
  month: string;
  events: string;
  seatsOffered: string;
  seatsBooked: string;
  reservations: string;
  fillRate: string;
  showRate: string;
  waitlistConversions: string;
}

export interface DashboardModel {
  rangeLabel: string;
  empty: boolean;
  charts: { id: string; title: string; description: string; chart: BarChart }[];
  clinics: { name: string; rows: DashboardTableRow[] }[];
  chain: DashboardTableRow[];
}

/** The dashboard as the page shows it: months and numbers in the reader's language, two charts, the tables. */
export function presentDashboard(dashboard: ChainDashboard, locale: Locale, t: Translate): DashboardModel {
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const count = new Intl.NumberFormat(locale);
  const none = t('reports.dashboard.none');
  const row = (figures: DashboardRow): DashboardTableRow => ({
    month: formatMonth(figures.month, locale),
    events: count.format(figures.events),
    seatsOffered: count.format(figures.seatsOffered),
    seatsBooked: count.format(figures.seatsBooked),
    reservations: count.format(figures.reservations),
    fillRate: figures.fillRate === null ? none : percent.format(figures.fillRate),
    showRate: figures.showRate === null ? none : percent.format(figures.showRate),
    waitlistConversions: count.format(figures.waitlistConversions),
  });
  const groups = dashboard.months.map((month) => ({ key: month, label: formatMonth(month, locale, 'short') }));
  const series = dashboard.clinics.map((clinic) => ({ key: clinic.clinicId, label: clinic.name }));
  const rateOf = (rate: 'fillRate' | 'showRate') => (month: string, clinicId: string) =>
    dashboard.clinics.find((clinic) => clinic.clinicId === clinicId)?.rows.find((one) => one.month === month)?.[rate] ??
    null;
  const chart = (id: string, rate: 'fillRate' | 'showRate') => ({
    id,
    title: t(`reports.dashboard.${rate}Chart`),
    description: t('reports.dashboard.chartDescription'),
    chart: barChart({ groups, series, value: rateOf(rate), format: (value) => percent.format(value) }),
  });
  return {
    rangeLabel: t('reports.dashboard.range', {
      from: formatMonth(dashboard.range.from, locale),
      to: formatMonth(dashboard.range.to, locale),
    }),
    empty: dashboard.clinics.length === 0,
    charts: [chart('fill-rate-chart', 'fillRate'), chart('show-rate-chart', 'showRate')],
    clinics: dashboard.clinics.map((clinic) => ({ name: clinic.name, rows: clinic.rows.map(row) })),
    chain: dashboard.chain.map(row),
  };
}

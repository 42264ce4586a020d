import type { OverbookingView } from '../../events/dto/overbooking.dto.js';
import type { OverbookingForm } from './desk-forms.js';
import type { Words } from './desk-presenter.js';

const percent = (rate: number, locale: string) =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate);

/**
 * The door page's overbooking panel (issue 9): the room, the bookable seats, who is expected and the chance
 * of a full door, in words; and the settings form, with the trade-off explained. Numbers come from
 * OverbookingService.view; nothing is computed here but their wording.
 */
export function overbookingModel(view: OverbookingView, form: OverbookingForm | undefined, { t, locale }: Words) {
  const rate = view.showRate;
  return {
    lines: [
      t('desk.overbooking.room', { count: view.capacity }),
      t('desk.overbooking.bookable', { count: view.bookableSeats, extra: view.extraSeats }),
      t('desk.overbooking.expected', { expected: view.expectedArrivals, capacity: view.capacity }),
      t('desk.overbooking.risk', { risk: percent(view.overflowRisk, locale) }),
    ],
    showRateLine: rate
      ? t('desk.overbooking.showRate', {
          measured: percent(rate.measured, locale),
          conservative: percent(rate.conservative, locale),
          events: rate.completedEvents,
          seats: rate.bookedSeats,
        })
      : t('desk.overbooking.noHistory'),
    canOverbook: rate !== null,
    values: form ?? {
      enabled: view.enabled,
      maxExtra: String(view.maxExtra),
      riskPercent: String(view.riskPercent),
    },
  };
}

import type { PublicEventView } from '../../events/dto/event-views.js';

/** Google Calendar's "add event" link: UTC times, the event's zone for display, no personal data in it. */
export function googleCalendarUrl(
  event: Pick<PublicEventView, 'title' | 'startsAt' | 'endsAt' | 'timeZone' | 'description'>,
  location: string,
): string {
  const utc = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const params = new URLSearchParams({
    action: 'TEMPLATE',
    text: event.title,
    dates: `${utc(event.startsAt)}/${utc(event.endsAt)}`,
    details: event.description.slice(0, 1000),
    location,
    ctz: event.timeZone,
  });
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}

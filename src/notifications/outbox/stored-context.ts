import type { ManageTokens } from '../../common/crypto/manage-tokens.js';
import type { ReservationLinks } from '../../common/crypto/reservation-links.js';
import type { MessageContext, NotificationEvent } from '../notification-context.js';

/** A MessageContext as it sits in the outbox row's jsonb payload: dates as ISO strings. */
export interface StoredContext extends Omit<MessageContext, 'event'> {
  version: 1;
  event: Omit<NotificationEvent, 'startsAt' | 'endsAt'> & { startsAt: string; endsAt: string };
}

/**
 * With a manage-token nonce, the links that hold a token are left out: the manage link, a webinar's
 * personal join link and the "still coming?" answer link (issue 9); all are derived again when the message is sent.
 */
export function storeContext(context: MessageContext): StoredContext {
  const derived = Boolean(context.manageTokenNonce);
  return {
    version: 1,
    ...context,
    manageUrl: derived ? '' : context.manageUrl,
    ...(context.reconfirmUrl !== undefined ? { reconfirmUrl: derived ? '' : context.reconfirmUrl } : {}),
    ...(context.offer ? { offer: { ...context.offer, url: derived ? '' : context.offer.url } } : {}),
    event: storeEvent(
      derived && context.event.kind === 'webinar' ? { ...context.event, joinUrl: null } : context.event,
    ),
  };
}

export function storeEvent(event: NotificationEvent): StoredContext['event'] {
  return { ...event, startsAt: event.startsAt.toISOString(), endsAt: event.endsAt.toISOString() };
}

/**
 * The context to render from a stored payload. A webinar's join link is always the attendee's personal one
 * when the nonce is there, also in messages queued before join links existed (which stored the meeting's URL)
 * and in reminders moved with their event. The "still coming?" answer link is derived the same way.
 */
export function reviveContext(stored: StoredContext, tokens: ManageTokens, links: ReservationLinks): MessageContext {
  const { version: _version, ...context } = stored;
  const nonce = stored.manageTokenNonce;
  const manageUrl = nonce ? tokens.manageUrl(tokens.tokenFor(stored.reservation.id, nonce)) : stored.manageUrl;
  const joinUrl =
    nonce && stored.event.kind === 'webinar'
      ? links.urlFor('join', stored.reservation.id, nonce)
      : (stored.event.joinUrl ?? null);
  const reconfirmUrl =
    stored.reconfirmUrl === '' && nonce ? links.urlFor('reconfirm', stored.reservation.id, nonce) : stored.reconfirmUrl;
  // A late seat offer's link (issue 9) likewise.
  const offer =
    stored.offer && nonce
      ? { ...stored.offer, url: links.urlFor('offer', stored.reservation.id, nonce) }
      : stored.offer;
  return {
    ...context,
    manageUrl,
    ...(reconfirmUrl !== undefined ? { reconfirmUrl } : {}),
    ...(offer ? { offer } : {}),
    event: {
      ...stored.event,
      joinUrl,
      startsAt: new Date(stored.event.startsAt),
      endsAt: new Date(stored.event.endsAt),
    },
  };
}

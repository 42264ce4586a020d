import type { ManageTokens } from '../../common/crypto/manage-tokens.js';
import type { MessageContext, NotificationEvent } from '../notification-context.js';

/** A MessageContext as it sits in the outbox row's jsonb payload: dates as ISO strings. */
export interface StoredContext extends Omit<MessageContext, 'event'> {
  version: 1;
  event: Omit<NotificationEvent, 'startsAt' | 'endsAt'> & { startsAt: string; endsAt: string };
}

/** With a manage-token nonce, the link (which holds the token) is left out: it is derived again when sent. */
export function storeContext(context: MessageContext): StoredContext {
  return {
    version: 1,
    ...context,
    manageUrl: context.manageTokenNonce ? '' : context.manageUrl,
    event: storeEvent(context.event),
  };
}

export function storeEvent(event: NotificationEvent): StoredContext['event'] {
  return { ...event, startsAt: event.startsAt.toISOString(), endsAt: event.endsAt.toISOString() };
}

export function reviveContext(stored: StoredContext, tokens: ManageTokens): MessageContext {
  const { version: _version, ...context } = stored;
  const manageUrl = stored.manageTokenNonce
    ? tokens.manageUrl(tokens.tokenFor(stored.reservation.id, stored.manageTokenNonce))
    : stored.manageUrl;
  return {
    ...context,
    manageUrl,
    event: { ...stored.event, startsAt: new Date(stored.event.startsAt), endsAt: new Date(stored.event.endsAt) },
  };
}

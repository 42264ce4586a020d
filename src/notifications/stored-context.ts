import type { MessageContext, NotificationEvent } from './notification-context.js';

/** A MessageContext as it sits in the outbox row's jsonb payload: dates as ISO strings. */
export interface StoredContext extends Omit<MessageContext, 'event'> {
  version: 1;
  event: Omit<NotificationEvent, 'startsAt' | 'endsAt'> & { startsAt: string; endsAt: string };
}

export function storeContext(context: MessageContext): StoredContext {
  return {
    version: 1,
    ...context,
    event: storeEvent(context.event),
  };
}

export function storeEvent(event: NotificationEvent): StoredContext['event'] {
  return { ...event, startsAt: event.startsAt.toISOString(), endsAt: event.endsAt.toISOString() };
}

export function reviveContext(stored: StoredContext): MessageContext {
  const { version: _version, ...context } = stored;
  return { ...context, event: { ...stored.event, startsAt: new Date(stored.event.startsAt), endsAt: new Date(stored.event.endsAt) } };
}

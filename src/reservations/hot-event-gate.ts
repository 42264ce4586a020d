import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/**
 * A hot event's fair share of this instance (issue 11, isolation). Its reservations are already applied in
 * batches through one connection (PerKeyBatches), but each request still costs the event loop its HTTP
 * work, and answers come back a batch at a time: 64 clients hammering one event keep ~64 requests in
 * flight, whose bursts delay every other request's next step (measured: other requests' p99 3x their
 * idle p99, with the event loop ~60 % busy).
 *
 * So while other requests are being served, one event has at most SHARE reservations in flight in this
 * instance; the rest wait here, before their body is read, rate-limited or validated, and go on in
 * arrival order as those in flight are answered. When nothing else has arrived for QUIET_MS the event
 * has the instance to itself (no cap): the gate shares the instance, it never slows an event that is
 * alone. Waiting is for turns, not time: nothing is refused or reordered within an event (the waiting
 * list's order is its batches' order, as before), and a client that gives up leaves the queue. A failure
 * that fails the event's whole batch queue (its lock timed out, the database is gone: PerKeyBatches'
 * failsQueue) fails the requests waiting here too, at once, so none waits for a second lock timeout.
 */
export interface HotEventGateOptions {
  /** Reservations of one event in flight at most while others are served. */
  share: number;
  /** Since the last other request, how long the instance counts as shared. */
  quietMs: number;
  now?: () => number;
}

interface Waiting {
  admit(): void;
  fail(error: unknown): void;
}

interface EventTurns {
  admitted: number;
  waiting: Waiting[];
}

/** `proceed()` when a request may go on, `proceed(error)` when it is answered with that error instead. */
export type Proceed = (error?: unknown) => void;

export class HotEventGate {
  private readonly events = new Map<string, EventTurns>();
  private lastOtherAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: HotEventGateOptions) {}

  /** A request that is not a reservation arrived: the instance is shared from now on. */
  sawOther(): void {
    this.lastOtherAt = this.now();
  }

  /**
   * A reservation for `eventId` arrived: `proceed` is called now or when its turn comes. Returns what to
   * call once it is answered or its client is gone (at most once matters; later calls do nothing).
   */
  enter(eventId: string, proceed: Proceed): () => void {
    let turns = this.events.get(eventId);
    if (!turns) this.events.set(eventId, (turns = { admitted: 0, waiting: [] }));
    const state = turns;
    let admitted = false;
    let left = false;
    const waiting: Waiting = {
      admit: () => {
        admitted = true;
        state.admitted += 1;
        proceed();
      },
      fail: (error) => {
        left = true;
        proceed(error);
      },
    };
    if (state.waiting.length === 0 && this.mayAdmit(state)) waiting.admit();
    else state.waiting.push(waiting);
    return () => {
      if (left) return;
      left = true;
      if (admitted) state.admitted -= 1;
      else state.waiting.splice(state.waiting.indexOf(waiting), 1);
      this.admitWaiting(eventId, state);
    };
  }

  /** Answers every request still waiting for this event with `error` (its batch queue failed with it). */
  failWaiting(eventId: string, error: unknown): void {
    const state = this.events.get(eventId);
    if (!state) return;
    for (const waiting of state.waiting.splice(0)) waiting.fail(error);
    if (state.admitted === 0) this.events.delete(eventId);
  }

  /** Reservations in flight and waiting for one event (for tests and metrics). */
  turnsOf(eventId: string): { admitted: number; waiting: number } {
    const state = this.events.get(eventId);
    return { admitted: state?.admitted ?? 0, waiting: state?.waiting.length ?? 0 };
  }

  private admitWaiting(eventId: string, state: EventTurns): void {
    while (state.waiting.length > 0 && this.mayAdmit(state)) state.waiting.shift()!.admit();
    if (state.admitted === 0 && state.waiting.length === 0) this.events.delete(eventId);
  }

  private mayAdmit(state: EventTurns): boolean {
    return state.admitted < this.options.share || !this.shared();
  }

  private shared(): boolean {
    return this.now() - this.lastOtherAt < this.options.quietMs;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

/**
 * 8 in flight: measured with bench:isolation on these 2-core machines (docs/benchmarks/issue-11-session-9.md),
 * 8 kept other requests' p99 within 1.1-1.2x of idle and 16 within 1.6-3.2x, while the hot event took the same
 * ~820-890 reservations/s with either: its batches stay full, since each holds what arrived meanwhile.
 */
export const HOT_EVENT_SHARE = 8;
const QUIET_MS = 1000;

/** The instance's gate, shared by the HTTP hook (shareHotEvents) and the booking service (failWaiting). */
@Injectable()
export class InstanceHotEventGate extends HotEventGate {
  constructor() {
    super({ share: HOT_EVENT_SHARE, quietMs: QUIET_MS });
  }
}

/** The routes that book a seat on an event, by the event's id in their `:id` parameter. */
const RESERVING_ROUTES = new Set(['POST /api/events/:id/reservations', 'POST /events/:id/reserve']);

/** Puts the gate in front of every request, first thing after routing (an onRequest hook). */
export function shareHotEvents(fastify: FastifyInstance, gate: HotEventGate): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const eventId = RESERVING_ROUTES.has(`${request.method} ${request.routeOptions.url}`)
      ? (request.params as { id?: string }).id
      : undefined;
    if (!eventId) {
      gate.sawOther();
      done();
      return;
    }
    const leave = gate.enter(eventId, (error) => done(error as Error | undefined));
    reply.raw.once('close', leave);
  });
}

import { estimateShowRate, extraSeatsFor, type AttendanceSample } from '../../src/events/overbooking.js';
import { pickPromotions } from '../../src/reservations/waitlist.js';

/**
 * A season of synthetic seminars (issue 9): people book, cancel, forget, answer "still coming?" or not, wait
 * in line, come or do not; the features under test change what happens to their seats. The people are drawn
 * from a seeded generator, so a run is the same every time. The rules are the service's own where they are
 * pure: who on the waiting list gets a freed seat (pickPromotions) and how many seats overbooking adds
 * (estimateShowRate + extraSeatsFor, learnt from the season's own completed events, as the service does).
 * What people do is the model below (SeasonModel), stated in numbers so that a reader can disagree with it.
 */

export interface SeasonModel {
  seed: number;
  /** Series of sessions of the same seminar; "any of these sessions" works within a series. */
  series: number;
  sessionsPerSeries: number;
  capacity: number;
  /** People asking for a seat per session, as a multiple of the capacity in seats (the series' first session). */
  demand: number;
  /** Each later session of a series draws this much less demand (evenings fill, mornings do not). */
  demandStep: number;
  /** Parties of 1 or 2 seats, half each. */
  twoSeatShare: number;
  /** Chance that someone who still holds a seat at the start comes. */
  showRate: number;
  /** Chance that someone cancels on their own well ahead (more than two days before). */
  earlyCancelRate: number;
  /** Of those who will not come: chance they cancel on their own in the last day. */
  lateCancelRate: number;
  /** Of those who will not come: chance they say "I can't come" when asked. */
  saysCantComeRate: number;
  /** Of those who will come: chance they never answer "still coming?" (and are released if release is on). */
  silentComerRate: number;
  /** Of those who did not answer, chance the last warning before the release makes them answer. */
  answersWarningRate: number;
  /** Chance that someone given a seat automatically in the last day still comes (plans were made). */
  latePromotedShowRate: number;
  /** Chance that someone offered a seat in the last day accepts in time (then they come at showRate). */
  offerAcceptRate: number;
  /** Of those told the session is full: chance they take another session of the series with free seats. */
  takesAlternativeRate: number;
  /** Of those who join a waiting list: chance they say "any of these sessions". */
  anySessionRate: number;
  targetRisk: number;
  maxExtra: number;
}

export interface Features {
  reconfirm: boolean;
  release: boolean;
  offers: boolean;
  multiSession: boolean;
  overbooking: boolean;
}

export interface SeasonFigures {
  sessions: number;
  /** Physical seats: the rooms' capacities. */
  seatsOffered: number;
  /** Seats in the room taken by people who came (never more than the room). */
  seatsFilled: number;
  /** People who came to a full room. */
  turnedAway: number;
  sessionsWithTurnAway: number;
  /** People who were on a waiting list and got a seat they came to. */
  waitlistConversions: number;
  /** People who would have come but lost their seat for not answering "still coming?". */
  releasedComers: number;
  /** Seats confirmed at the start, beyond the room (overbooking). */
  extraSeatsSold: number;
}

interface Person {
  party: number;
  comes: boolean;
  cancelsEarly: boolean;
  cancelsLate: boolean;
  saysCantCome: boolean;
  silent: boolean;
  answersWarning: boolean;
  wantsAnySession: boolean;
  takesAlternative: boolean;
  /** Promoted automatically in the last day: comes with latePromotedShowRate instead. */
  comesIfLate: boolean;
  acceptsOffer: boolean;
  everWaitlisted: boolean;
  seatedAt?: Session;
  waitingAt: Set<Session>;
}

interface Session {
  capacity: number;
  extra: number;
  holders: Person[];
  waitlist: Person[];
}

export function noFigures(): SeasonFigures {
  return {
    sessions: 0,
    seatsOffered: 0,
    seatsFilled: 0,
    turnedAway: 0,
    sessionsWithTurnAway: 0,
    waitlistConversions: 0,
    releasedComers: 0,
    extraSeatsSold: 0,
  };
}

function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

export function simulateSeason(model: SeasonModel, features: Features): SeasonFigures {
  const random = generator(model.seed);
  const chance = (p: number) => random() < p;
  const figures = noFigures();
  const history: AttendanceSample = { events: 0, bookedSeats: 0, arrivedSeats: 0, bookedParties: 0, partySizes: {} };

  const newPerson = (): Person => {
    const comes = chance(model.showRate);
    return {
      party: chance(model.twoSeatShare) ? 2 : 1,
      comes,
      cancelsEarly: chance(model.earlyCancelRate),
      cancelsLate: !comes && chance(model.lateCancelRate),
      saysCantCome: !comes && chance(model.saysCantComeRate),
      silent: comes && chance(model.silentComerRate),
      answersWarning: chance(model.answersWarningRate),
      wantsAnySession: chance(model.anySessionRate),
      takesAlternative: chance(model.takesAlternativeRate),
      comesIfLate: chance(model.latePromotedShowRate),
      acceptsOffer: chance(model.offerAcceptRate),
      everWaitlisted: false,
      waitingAt: new Set(),
    };
  };

  for (let s = 0; s < model.series; s += 1) {
    const estimate = features.overbooking ? estimateShowRate(history) : null;
    const extra = extraSeatsFor({
      capacity: model.capacity,
      maxExtra: model.maxExtra,
      targetRisk: model.targetRisk,
      estimate,
    });
    const sessions: Session[] = Array.from({ length: model.sessionsPerSeries }, () => ({
      capacity: model.capacity,
      extra,
      holders: [],
      waitlist: [],
    }));
    const free = (session: Session) =>
      session.capacity + session.extra - session.holders.reduce((sum, p) => sum + p.party, 0);
    const lateComers = new Set<Person>();
    const seat = (person: Person, session: Session, late: boolean) => {
      session.holders.push(person);
      person.seatedAt = session;
      // One seat per person: every other place in line is withdrawn (the "any of these sessions" rule).
      for (const other of person.waitingAt) other.waitlist.splice(other.waitlist.indexOf(person), 1);
      person.waitingAt.clear();
      if (late) lateComers.add(person);
    };
    /** Freed seats go to the waiting list in order, whole parties that fit (the service's pickPromotions). */
    const promote = (session: Session, late: boolean) => {
      for (;;) {
        const entries = session.waitlist.map((person, index) => ({ id: String(index), partySize: person.party }));
        const [first] = pickPromotions(entries, free(session));
        if (!first) return;
        const person = session.waitlist[Number(first.id)];
        if (late && features.offers && !person.acceptsOffer) {
          // The offer lapses (or is declined): the next in line gets it.
          session.waitlist.splice(Number(first.id), 1);
          person.waitingAt.delete(session);
          continue;
        }
        seat(person, session, late && !features.offers);
      }
    };
    const leave = (person: Person) => {
      const session = person.seatedAt!;
      session.holders.splice(session.holders.indexOf(person), 1);
      person.seatedAt = undefined;
    };

    // Booking: people arrive for each session in turn; a full session offers the series' others.
    const wanted = sessions.map((_, index) =>
      Math.round(((model.demand - index * model.demandStep) * model.capacity) / (1 + model.twoSeatShare)),
    );
    for (let n = 0; n < Math.max(...wanted); n += 1) {
      for (const [index, session] of sessions.entries()) {
        if (n >= wanted[index]) continue;
        const person = newPerson();
        if (person.party <= free(session)) {
          seat(person, session, false);
          continue;
        }
        const alternative = sessions.find((other) => other !== session && person.party <= free(other));
        if (features.multiSession && alternative && person.takesAlternative) {
          seat(person, alternative, false);
          continue;
        }
        person.everWaitlisted = true;
        const lines = features.multiSession && person.wantsAnySession ? sessions : [session];
        for (const line of lines) {
          line.waitlist.push(person);
          person.waitingAt.add(line);
        }
      }
    }

    // More than two days ahead: some cancel; their seats go to the waiting list as confirmed seats.
    for (const session of sessions) {
      for (const person of [...session.holders]) {
        if (person.cancelsEarly) {
          leave(person);
          person.comes = false;
        }
      }
    }
    for (const session of sessions) promote(session, false);

    // Two days ahead: "still coming?".
    if (features.reconfirm) {
      for (const session of sessions) {
        for (const person of [...session.holders]) if (person.saysCantCome) leave(person);
      }
      for (const session of sessions) promote(session, false);
      // Half a day ahead: release those who never answered (promotion is now late).
      if (features.release) {
        for (const session of sessions) {
          for (const person of [...session.holders]) {
            const answered = person.comes ? !person.silent : person.saysCantCome;
            if (answered) continue;
            // The last warning: some answer now ("yes", or "I can't come" from those who will not).
            if (person.answersWarning && person.comes) continue;
            leave(person);
            if (person.comes) figures.releasedComers += 1;
          }
        }
        for (const session of sessions) promote(session, true);
      }
    }

    // The last day: some who will not come cancel; their seats are promoted late.
    for (const session of sessions) {
      for (const person of [...session.holders]) if (person.cancelsLate) leave(person);
      promote(session, true);
    }

    // The start.
    for (const session of sessions) {
      let arrived = 0;
      for (const person of session.holders) {
        const comes = lateComers.has(person) ? person.comesIfLate : person.comes;
        history.bookedSeats += person.party;
        history.bookedParties += 1;
        history.partySizes[person.party] = (history.partySizes[person.party] ?? 0) + 1;
        if (!comes) continue;
        history.arrivedSeats += person.party;
        const seated = Math.min(person.party, Math.max(0, session.capacity - arrived));
        arrived += person.party;
        figures.turnedAway += person.party - seated;
        if (seated > 0 && person.everWaitlisted) figures.waitlistConversions += 1;
      }
      history.events += 1;
      figures.sessions += 1;
      figures.seatsOffered += session.capacity;
      figures.seatsFilled += Math.min(arrived, session.capacity);
      if (arrived > session.capacity) figures.sessionsWithTurnAway += 1;
      figures.extraSeatsSold += Math.max(0, session.capacity + session.extra - free(session) - session.capacity);
    }
  }
  return figures;
}

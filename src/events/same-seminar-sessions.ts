import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Event } from './event.entity.js';
import { rankSameSeminar, type RankedSession, type SeminarFields } from './same-seminar.js';

/** The most candidates one look-up reads: a clinic rarely runs more sessions of one seminar at once. */
const CANDIDATES = 50;

/**
 * The clinic's other sessions of the same seminar that take reservations now (published, not started,
 * registration open), full or not, ranked by `rankSameSeminar`. One statement, read without any lock: the
 * answer is an offer, and whoever takes it up goes through the locked reservation path, which decides.
 */
@Injectable()
export class SameSeminarSessions {
  async find(manager: EntityManager, origin: SeminarFields, now: Date): Promise<RankedSession<Event>[]> {
    const candidates = await manager
      .createQueryBuilder(Event, 'event')
      .where('event.clinic_id = :clinicId AND event.id <> :id', { clinicId: origin.clinicId, id: origin.id })
      .andWhere(`event.status = 'published'`)
      .andWhere(
        'event.starts_at > :now AND event.registration_opens_at <= :now AND event.registration_closes_at > :now',
        { now },
      )
      .andWhere('(event.series_id = :seriesId OR lower(btrim(event.title)) = lower(btrim(:title)))', {
        seriesId: origin.seriesId,
        title: origin.title,
      })
      .orderBy('event.startsAt', 'ASC')
      .addOrderBy('event.id', 'ASC')
      .limit(CANDIDATES)
      .getMany();
    return rankSameSeminar(origin, candidates);
  }
}

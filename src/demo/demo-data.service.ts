import { Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { Actor } from '../common/auth/actor.js';
import type { Clinic } from '../clinics/clinic.entity.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { EventsService } from '../events/events.service.js';
import { StaffService } from '../staff/staff.service.js';

export interface DemoCredentials {
  email: string;
  password: string;
  role: 'admin' | 'staff';
}

/** Fixed, well-known demo passwords: this data is for trying the service out, never for production. */
export const DEMO_ADMIN = {
  email: 'admin@demo-backcare.example',
  password: 'demo-admin-password',
  role: 'admin',
} as const;
export const DEMO_STAFF = {
  email: 'staff.chicago@demo-backcare.example',
  password: 'demo-staff-password',
  role: 'staff',
} as const;

/** A fictional chain, "Backcare Clinics": a clinic in Chicago and one in Lisbon, each with a seminar and a webinar. */
@Injectable()
export class DemoDataService {
  private readonly logger = new Logger(DemoDataService.name);

  constructor(
    private readonly clinics: ClinicsService,
    private readonly staff: StaffService,
    private readonly events: EventsService,
  ) {}

  /** Seeds only an empty database, so a restart never duplicates or overwrites anything. */
  async seedIfEmpty(): Promise<DemoCredentials[] | undefined> {
    if ((await this.clinics.listAll()).length > 0) return undefined;
    const chicago = await this.clinics.create({
      name: 'Backcare Clinics Chicago Loop',
      slug: 'chicago-loop',
      address: {
        line1: '200 W Madison St',
        line2: 'Suite 1400',
        city: 'Chicago',
        postalCode: '60606',
        region: 'IL',
        country: 'US',
      },
      timeZone: 'America/Chicago',
      phone: '+1 312 555 0142',
      organizerEmail: 'chicago@demo-backcare.example',
    });
    const lisbon = await this.clinics.create({
      name: 'Backcare Clinics Lisbon Baixa',
      slug: 'lisbon-baixa',
      address: { line1: 'Rua Augusta 120', city: 'Lisboa', postalCode: '1100-053', country: 'PT' },
      timeZone: 'Europe/Lisbon',
      phone: '+351 21 555 0199',
      organizerEmail: 'lisboa@demo-backcare.example',
      locale: 'pt-PT',
    });
    const admin = await this.staff.create({ ...DEMO_ADMIN, name: 'Demo Admin', clinicIds: [] });
    await this.staff.create({ ...DEMO_STAFF, name: 'Demo Staff (Chicago)', clinicIds: [chicago.id] });
    const actor: Actor = { id: admin.id, role: 'admin', clinicIds: [] };
    await this.scheduleDemoEvents(chicago, actor, {
      seminar: [
        'Living well with lower back pain',
        'A free talk by our physiotherapists, with time for your questions.',
        'Seminar room',
      ],
      webinar: ['Desk posture clinic (online)', 'Thirty minutes of simple exercises you can do at your desk.'],
    });
    await this.scheduleDemoEvents(lisbon, actor, {
      seminar: [
        'Viver bem com dor lombar',
        'Uma conversa gratuita com os nossos fisioterapeutas, com tempo para as suas perguntas.',
        'Sala de formação',
      ],
      webinar: [
        'Exercícios para a coluna (online)',
        'Trinta minutos de exercícios simples que pode fazer à secretária.',
      ],
    });
    this.logger.log('Seeded the demo clinic chain');
    return [DEMO_ADMIN, DEMO_STAFF];
  }

  /** A seminar a week out at 18:00 and a webinar ten days out at 12:00, local time, both published. */
  private async scheduleDemoEvents(
    clinic: Clinic,
    actor: Actor,
    words: {
      seminar: [title: string, description: string, venue: string];
      webinar: [title: string, description: string];
    },
  ): Promise<void> {
    const day = (days: number) => DateTime.now().setZone(clinic.timeZone).plus({ days }).toISODate();
    const seminar = await this.events.create(
      clinic,
      {
        kind: 'seminar',
        title: words.seminar[0],
        description: words.seminar[1],
        startsAt: `${day(7)}T18:00`,
        endsAt: `${day(7)}T19:30`,
        venueName: words.seminar[2],
        capacity: 30,
        maxPartySize: 2,
      },
      actor,
    );
    const webinar = await this.events.create(
      clinic,
      {
        kind: 'webinar',
        title: words.webinar[0],
        description: words.webinar[1],
        startsAt: `${day(10)}T12:00`,
        endsAt: `${day(10)}T12:45`,
        joinUrl: `https://meet.example.com/${clinic.slug}-demo`,
        capacity: 100,
        maxPartySize: 1,
      },
      actor,
    );
    await this.events.moveStatus(seminar.id, 'published', actor);
    await this.events.moveStatus(webinar.id, 'published', actor);
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { ClinicsService } from '../clinics/clinics.service.js';
import { StaffService } from '../staff/staff.service.js';

export interface DemoCredentials {
  email: string;
  password: string;
  role: 'admin' | 'staff';
}

/** Fixed, well-known demo passwords: this data is for trying the service out, never for production. */
export const DEMO_ADMIN = { email: 'admin@demo-backcare.example', password: 'demo-admin-password', role: 'admin' } as const;
export const DEMO_STAFF = { email: 'staff.chicago@demo-backcare.example', password: 'demo-staff-password', role: 'staff' } as const;

/** A fictional chain, "Backcare Clinics", with a clinic in Chicago and one in Lisbon. */
@Injectable()
export class DemoDataService {
  private readonly logger = new Logger(DemoDataService.name);

  constructor(
    private readonly clinics: ClinicsService,
    private readonly staff: StaffService,
  ) {}

  /** Seeds only an empty database, so a restart never duplicates or overwrites anything. */
  async seedIfEmpty(): Promise<DemoCredentials[] | undefined> {
    if ((await this.clinics.listAll()).length > 0) return undefined;
    const chicago = await this.clinics.create({
      name: 'Backcare Clinics Chicago Loop',
      slug: 'chicago-loop',
      address: { line1: '200 W Madison St', line2: 'Suite 1400', city: 'Chicago', postalCode: '60606', region: 'IL', country: 'US' },
      timeZone: 'America/Chicago',
      phone: '+1 312 555 0142',
      organizerEmail: 'chicago@demo-backcare.example',
    });
    await this.clinics.create({
      name: 'Backcare Clinics Lisbon Baixa',
      slug: 'lisbon-baixa',
      address: { line1: 'Rua Augusta 120', city: 'Lisboa', postalCode: '1100-053', country: 'PT' },
      timeZone: 'Europe/Lisbon',
      phone: '+351 21 555 0199',
      organizerEmail: 'lisboa@demo-backcare.example',
    });
    await this.staff.create({ ...DEMO_ADMIN, name: 'Demo Admin', clinicIds: [] });
    await this.staff.create({ ...DEMO_STAFF, name: 'Demo Staff (Chicago)', clinicIds: [chicago.id] });
    this.logger.log('Seeded the demo clinic chain');
    return [DEMO_ADMIN, DEMO_STAFF];
  }
}

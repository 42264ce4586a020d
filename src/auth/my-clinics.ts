import { Injectable } from '@nestjs/common';
import { canManageClinic, type Actor } from '../common/auth/actor.js';
import { ClinicsService } from '../clinics/clinics.service.js';

export interface MyClinic {
  id: string;
  slug: string;
  name: string;
}

/**
 * The clinics a signed-in person acts for (DESIGN rule 8): an admin every clinic that is not archived,
 * a staff member the clinics they are assigned to (archived ones left out), by name.
 */
@Injectable()
export class MyClinics {
  constructor(private readonly clinics: ClinicsService) {}

  async of(actor: Actor): Promise<MyClinic[]> {
    const active = await this.clinics.listActive();
    return active
      .filter((clinic) => canManageClinic(actor, clinic.id))
      .map(({ id, slug, name }) => ({ id, slug, name }));
  }
}

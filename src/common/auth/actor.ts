import { ForbiddenError } from '../errors/domain-error.js';

/** The signed-in staff member or admin on whose behalf a request runs. */
export interface Actor {
  id: string;
  role: 'admin' | 'staff';
  clinicIds: string[];
}

export function canManageClinic(actor: Actor, clinicId: string): boolean {
  return actor.role === 'admin' || actor.clinicIds.includes(clinicId);
}

/** Staff act only for their own clinics; admins for all. */
export function assertCanManageClinic(actor: Actor, clinicId: string): void {
  if (!canManageClinic(actor, clinicId)) {
    throw new ForbiddenError('You do not work for this clinic.', 'CLINIC_ACCESS_DENIED');
  }
}

import { Clinic } from '../clinics/clinic.entity.js';
import { StaffUser } from '../staff/staff-user.entity.js';

/** Every entity the data source knows; a feature adds its entity here. */
export const ENTITIES = [Clinic, StaffUser];

import { CreateClinicsAndStaff1795681576670 } from './1795681576670-CreateClinicsAndStaff.js';
import { CreateEventsAndReservations1795682073519 } from './1795682073519-CreateEventsAndReservations.js';
import { CreateOutbox1795682784956 } from './1795682784956-CreateOutbox.js';
import { IndexEventSeries1795686468827 } from './1795686468827-IndexEventSeries.js';
import { ClinicLocaleAndEmbedOrigins1795700000000 } from './1795700000000-ClinicLocaleAndEmbedOrigins.js';
import { InviteIdentity1795710000000 } from './1795710000000-InviteIdentity.js';
import { CreateStaffSessions1795720000000 } from './1795720000000-CreateStaffSessions.js';
import { StaffInvitationsAndResets1795720000001 } from './1795720000001-StaffInvitationsAndResets.js';
import { CreateRateLimits1795720000002 } from './1795720000002-CreateRateLimits.js';
import { CreateAuditLog1795730000000 } from './1795730000000-CreateAuditLog.js';
import { AttendanceRecords1795730000001 } from './1795730000001-AttendanceRecords.js';
import { FrontDesk1795740000000 } from './1795740000000-FrontDesk.js';
import { EventDefaults1795750000000 } from './1795750000000-EventDefaults.js';
import { FullRooms1795760000000 } from './1795760000000-FullRooms.js';
import { CatalogueIndexes1795770000000 } from './1795770000000-CatalogueIndexes.js';

/** Every migration, in order. Listed explicitly so that no glob or dynamic import decides what runs. */
export const MIGRATIONS = [
  CreateClinicsAndStaff1795681576670,
  CreateEventsAndReservations1795682073519,
  CreateOutbox1795682784956,
  IndexEventSeries1795686468827,
  ClinicLocaleAndEmbedOrigins1795700000000,
  InviteIdentity1795710000000,
  CreateStaffSessions1795720000000,
  StaffInvitationsAndResets1795720000001,
  CreateRateLimits1795720000002,
  CreateAuditLog1795730000000,
  AttendanceRecords1795730000001,
  FrontDesk1795740000000,
  EventDefaults1795750000000,
  FullRooms1795760000000,
  CatalogueIndexes1795770000000,
];

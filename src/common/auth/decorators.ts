import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Clinic } from '../../clinics/clinic.entity.js';
import type { Actor } from './actor.js';

export const IS_PUBLIC = 'auth:isPublic';
export const ADMIN_ONLY = 'auth:adminOnly';
export const STAFF_OF_CLINIC = 'auth:staffOfClinic';
export const STAFF_PAGE = 'auth:staffPage';

/** Anyone may call this route; no token needed. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * A page for signed-in staff (under /staff or /admin): the session cookie authenticates, not a bearer token.
 * Without a live session the browser is redirected to /staff/sign-in?next=<this page>. Combine with
 * @AdminOnly() or @StaffOfClinic() as for the API; a refusal renders the 403 page.
 */
export const StaffPage = () => SetMetadata(STAFF_PAGE, true);

/** Only admins. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

export interface StaffOfClinicOptions {
  /** Route parameter holding the clinic's slug. */
  slugParam?: string;
  /** Route parameter holding the clinic's id. */
  idParam?: string;
}

/** Staff assigned to the clinic named by the route (and admins). */
export const StaffOfClinic = (options: StaffOfClinicOptions) => SetMetadata(STAFF_OF_CLINIC, options);

export interface AuthenticatedRequest {
  actor?: Actor;
  /** The clinic a @StaffOfClinic({ slugParam }) route names, resolved once, by the guard. */
  routeClinic?: Clinic;
}

/** The signed-in actor of this request. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});

/**
 * The clinic named by the route's slug, as the guard resolved it for @StaffOfClinic({ slugParam }) (archived
 * clinics included): the controller does not look the slug up again.
 */
export const RouteClinic = createParamDecorator((_data: unknown, context: ExecutionContext): Clinic => {
  const clinic = context.switchToHttp().getRequest<AuthenticatedRequest>().routeClinic;
  if (!clinic) throw new Error('RouteClinic used on a route without @StaffOfClinic({ slugParam })');
  return clinic;
});

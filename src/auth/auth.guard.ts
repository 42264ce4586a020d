import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from '../common/http.js';
import { type Actor, assertCanManageClinic } from '../common/auth/actor.js';
import {
  ADMIN_ONLY,
  type AuthenticatedRequest,
  IS_PUBLIC,
  STAFF_OF_CLINIC,
  STAFF_PAGE,
  type StaffOfClinicOptions,
} from '../common/auth/decorators.js';
import { ForbiddenError, UnauthenticatedError } from '../common/errors/domain-error.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import type { SignedInRequest } from '../site/back-office/signed-in.js';
import { StaffPageGate } from '../site/back-office/session/staff-page-gate.js';
import { AuthService } from './auth.service.js';

type GuardedRequest = Request & AuthenticatedRequest & SignedInRequest;
type Targets = Parameters<Reflector['getAllAndOverride']>[1];

/**
 * Every route needs a signed-in staff member unless marked @Public(). The API authenticates by bearer
 * token (401 JSON without one); @StaffPage() routes by the session cookie (redirect to the sign-in page
 * without one, 403 page on refusal, CSRF token on every form post). @AdminOnly() and @StaffOfClinic()
 * narrow either further. Registered globally, so a new route is closed until someone opens it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly clinics: ClinicsService,
    private readonly staffPages: StaffPageGate,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets: Targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<GuardedRequest>();
    if (this.reflector.getAllAndOverride<boolean>(STAFF_PAGE, targets)) {
      return this.admitToPage(request, context.switchToHttp().getResponse<Response>(), targets);
    }

    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthenticatedError('Sign in to do this: send "Authorization: Bearer <token>".');
    const actor = await this.auth.actorForToken(token);
    request.actor = actor;
    await this.authorise(actor, request, targets);
    return true;
  }

  /**
   * A back-office page: the gate has already answered (redirect or 403 page) when it returns nothing, and
   * a refusal is drawn as a page in the office frame. Answering false after that leaves the sent answer as is.
   */
  private async admitToPage(request: GuardedRequest, response: Response, targets: Targets): Promise<boolean> {
    const signedIn = await this.staffPages.admit(request, response);
    if (!signedIn) return false;
    request.actor = signedIn.actor;
    request.signedIn = signedIn;
    try {
      await this.authorise(signedIn.actor, request, targets);
    } catch (error) {
      if (!(error instanceof ForbiddenError)) throw error;
      this.staffPages.refuse(request, response, signedIn, error.code);
      return false;
    }
    return true;
  }

  /**
   * Admin-only and clinic-scoped routes. A clinic named by slug is resolved here, once, for admins too, and
   * handed to the route (@RouteClinic()): an unknown slug is a 404 before the route runs.
   */
  private async authorise(actor: Actor, request: GuardedRequest, targets: Targets): Promise<void> {
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets) && actor.role !== 'admin') {
      throw new ForbiddenError('Only admins can do this.', 'ADMIN_ONLY');
    }
    const clinicScope = this.reflector.getAllAndOverride<StaffOfClinicOptions>(STAFF_OF_CLINIC, targets);
    if (!clinicScope) return;
    let clinicId: string;
    if (clinicScope.idParam) {
      clinicId = String(request.params[clinicScope.idParam]);
    } else {
      request.routeClinic = await this.clinics.getBySlug(String(request.params[clinicScope.slugParam ?? 'slug']));
      clinicId = request.routeClinic.id;
    }
    if (actor.role !== 'admin') assertCanManageClinic(actor, clinicId);
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

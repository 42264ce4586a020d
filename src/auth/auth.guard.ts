import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { assertCanManageClinic } from '../common/auth/actor.js';
import {
  ADMIN_ONLY,
  type AuthenticatedRequest,
  IS_PUBLIC,
  STAFF_OF_CLINIC,
  type StaffOfClinicOptions,
} from '../common/auth/decorators.js';
import { ForbiddenError, UnauthenticatedError } from '../common/errors/domain-error.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { AuthService } from './auth.service.js';

/**
 * Every route needs a valid staff token unless marked @Public(). @AdminOnly() and @StaffOfClinic()
 * narrow it further. Registered globally, so a new route is closed until someone opens it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly clinics: ClinicsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthenticatedError('Sign in to do this: send "Authorization: Bearer <token>".');
    const actor = await this.auth.actorForToken(token);
    request.actor = actor;

    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets) && actor.role !== 'admin') {
      throw new ForbiddenError('Only admins can do this.', 'ADMIN_ONLY');
    }
    const clinicScope = this.reflector.getAllAndOverride<StaffOfClinicOptions>(STAFF_OF_CLINIC, targets);
    if (clinicScope && actor.role !== 'admin') {
      const clinicId = clinicScope.idParam
        ? String(request.params[clinicScope.idParam])
        : (await this.clinics.getBySlug(String(request.params[clinicScope.slugParam ?? 'slug']))).id;
      assertCanManageClinic(actor, clinicId);
    }
    return true;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor } from '../common/auth/actor.js';
import { AdminOnly, Public, StaffOfClinic, StaffPage } from '../common/auth/decorators.js';
import type { ClinicsService } from '../clinics/clinics.service.js';
import type { SignedInStaff } from '../site/back-office/signed-in.js';
import type { StaffPageGate } from '../site/back-office/session/staff-page-gate.js';
import { AuthGuard } from './auth.guard.js';
import type { AuthService } from './auth.service.js';

/** The guard's decisions for back-office pages, with the session gate and the services stubbed. */

@StaffPage()
class StaffPages {
  today() {}
  @AdminOnly() settings() {}
  @StaffOfClinic({ idParam: 'clinicId' }) clinicPage() {}
}

class ApiRoutes {
  @AdminOnly() adminOnly() {}
  @Public() open() {}
  @StaffOfClinic({ slugParam: 'slug' }) clinicBySlug() {}
}

const CLINIC = '11111111-1111-4111-8111-111111111111';
const OTHER_CLINIC = '22222222-2222-4222-8222-222222222222';

function signedIn(role: Actor['role'], clinicIds: string[] = []): SignedInStaff {
  return {
    actor: { id: 'u1', role, clinicIds },
    sessionId: 's1',
    name: 'Dana',
    email: 'dana@staff.test',
    csrfToken: 't',
  };
}

function setUp(person: SignedInStaff | undefined, apiActor: Actor = { id: 'api', role: 'staff', clinicIds: [] }) {
  const refusals: string[] = [];
  const gate = {
    admit: async () => person,
    refuse: (_request: unknown, _response: unknown, _signedIn: SignedInStaff, code: string) => void refusals.push(code),
  } as unknown as StaffPageGate;
  const auth = {
    actorForToken: async () => apiActor,
  } as unknown as AuthService;
  const lookups: string[] = [];
  const clinics = {
    getBySlug: async (slug: string) => {
      lookups.push(slug);
      return { id: CLINIC, slug };
    },
  } as unknown as ClinicsService;
  const guard = new AuthGuard(new Reflector(), auth, clinics, gate);
  return { guard, refusals, lookups };
}

function contextFor(
  cls: { prototype: object },
  method: string,
  request: Record<string, unknown> = {},
): { context: ExecutionContext; request: Record<string, unknown> } {
  const req = { headers: {}, params: {}, ...request };
  const context = {
    getHandler: () => (cls.prototype as Record<string, unknown>)[method],
    getClass: () => cls,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({}) }),
  } as unknown as ExecutionContext;
  return { context, request: req };
}

describe('AuthGuard on @StaffPage() routes', () => {
  it('a live session admits, with the actor and the signed-in person on the request', async () => {
    const person = signedIn('staff', [CLINIC]);
    const { guard, refusals } = setUp(person);
    const { context, request } = contextFor(StaffPages, 'today');
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.actor).toBe(person.actor);
    expect(request.signedIn).toBe(person);
    expect(refusals).toEqual([]);
  });

  it('without a session the gate has answered (the redirect) and the route does not run', async () => {
    const { guard, refusals } = setUp(undefined);
    const { context, request } = contextFor(StaffPages, 'today');
    await expect(guard.canActivate(context)).resolves.toBe(false);
    expect(request.actor).toBeUndefined();
    expect(refusals).toEqual([]);
  });

  it('@AdminOnly() refuses staff with the 403 page and admits admins', async () => {
    const staff = setUp(signedIn('staff'));
    await expect(staff.guard.canActivate(contextFor(StaffPages, 'settings').context)).resolves.toBe(false);
    expect(staff.refusals).toEqual(['ADMIN_ONLY']);
    const admin = setUp(signedIn('admin'));
    await expect(admin.guard.canActivate(contextFor(StaffPages, 'settings').context)).resolves.toBe(true);
  });

  it('@StaffOfClinic() refuses staff of another clinic with the 403 page', async () => {
    const mine = setUp(signedIn('staff', [CLINIC]));
    await expect(
      mine.guard.canActivate(contextFor(StaffPages, 'clinicPage', { params: { clinicId: CLINIC } }).context),
    ).resolves.toBe(true);
    const other = setUp(signedIn('staff', [CLINIC]));
    await expect(
      other.guard.canActivate(contextFor(StaffPages, 'clinicPage', { params: { clinicId: OTHER_CLINIC } }).context),
    ).resolves.toBe(false);
    expect(other.refusals).toEqual(['CLINIC_ACCESS_DENIED']);
  });
});

describe('AuthGuard on API routes keeps its bearer tokens', () => {
  it('no bearer token is a 401 error (JSON), whatever the session; @Public() needs nothing', async () => {
    const { guard } = setUp(signedIn('admin'));
    await expect(guard.canActivate(contextFor(ApiRoutes, 'adminOnly').context)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await expect(guard.canActivate(contextFor(ApiRoutes, 'open').context)).resolves.toBe(true);
  });

  it('@AdminOnly() is a 403 error (JSON) for a staff token, not a page', async () => {
    const { guard, refusals } = setUp(signedIn('admin'));
    const { context } = contextFor(ApiRoutes, 'adminOnly', { headers: { authorization: 'Bearer x' } });
    await expect(guard.canActivate(context)).rejects.toMatchObject({ code: 'ADMIN_ONLY' });
    expect(refusals).toEqual([]);
  });
});

describe("AuthGuard resolves a route's clinic slug once, and hands it to the route", () => {
  it.each([
    ['an admin', { id: 'a', role: 'admin', clinicIds: [] } as Actor],
    ['staff of the clinic', { id: 's', role: 'staff', clinicIds: [CLINIC] } as Actor],
  ])('for %s, one lookup, the clinic on the request', async (_who, actor) => {
    const { guard, lookups } = setUp(undefined, actor);
    const { context, request } = contextFor(ApiRoutes, 'clinicBySlug', {
      headers: { authorization: 'Bearer x' },
      params: { slug: 'lisbon-baixa' },
    });
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(lookups).toEqual(['lisbon-baixa']);
    expect(request.routeClinic).toEqual({ id: CLINIC, slug: 'lisbon-baixa' });
  });

  it('refuses staff of another clinic (403) after that one lookup', async () => {
    const { guard, lookups } = setUp(undefined, { id: 's', role: 'staff', clinicIds: [OTHER_CLINIC] });
    const { context } = contextFor(ApiRoutes, 'clinicBySlug', {
      headers: { authorization: 'Bearer x' },
      params: { slug: 'lisbon-baixa' },
    });
    await expect(guard.canActivate(context)).rejects.toMatchObject({ code: 'CLINIC_ACCESS_DENIED' });
    expect(lookups).toEqual(['lisbon-baixa']);
  });
});

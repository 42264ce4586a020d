import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponse } from '../errors/error-response.js';

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422;

/**
 * Documents a route's error answers, one per status, each description naming the `code` values the
 * route can give (the body is always ErrorResponse). The 503 is added to every operation elsewhere
 * (openapi-unavailable.ts).
 */
export function ApiErrors(errors: Partial<Record<ErrorStatus, string>>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(errors).map(([status, description]) =>
      ApiResponse({ status: Number(status), description, type: ErrorResponse }),
    ),
  );
}

export const UNAUTHENTICATED =
  'UNAUTHENTICATED: no `Authorization: Bearer <token>` header; INVALID_TOKEN: the token is invalid or expired, or the account is disabled or gone.';
export const STAFF_OF_CLINIC =
  'CLINIC_ACCESS_DENIED: a staff member who does not work for this clinic (admins act for every clinic).';
export const ADMIN_ONLY = 'ADMIN_ONLY: only admins can do this.';
export const VALIDATION =
  'VALIDATION_FAILED: a field is missing or wrong (details.fields[].field names it); INPUT_TOO_DEEP: the JSON nests deeper than 32 levels.';
export const UNSAFE_QUERY =
  'VALIDATION_FAILED: a query parameter holds a control character or an unpaired surrogate (this route takes none)';
export const BAD_QUERY = 'VALIDATION_FAILED: a query parameter is wrong (details.fields[].field names it).';

/** A route for admins and the staff of the clinic it acts on. */
export const STAFF_ROUTE = { 401: UNAUTHENTICATED, 403: STAFF_OF_CLINIC } as const;
/** A route for admins only. */
export const ADMIN_ROUTE = { 401: UNAUTHENTICATED, 403: ADMIN_ONLY } as const;

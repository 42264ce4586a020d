/**
 * Every `code` the service answers with, and its HTTP status: the one list a client can rely on and the
 * one place a status is decided. Services throw DomainError with one of these codes and know nothing of
 * HTTP; the exception filter turns the code into its status here. A new code is added here first, with a
 * message in the error catalogues (src/i18n/catalogs/errors.*.ts) when people can meet it on a page.
 */
export const ERROR_STATUS = {
  // The request itself
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  INPUT_TOO_DEEP: 400,
  MALFORMED_JSON: 400,
  INVALID_VALUE: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  METHOD_NOT_ALLOWED: 405,
  NOT_ACCEPTABLE: 406,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  HTTP_ERROR: 400,

  // Who is asking
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_TOKEN: 401,
  FORBIDDEN: 403,
  ADMIN_ONLY: 403,
  CLINIC_ACCESS_DENIED: 403,
  CSRF_FAILED: 403,

  // What it asks about
  NOT_FOUND: 404,
  CONFLICT: 409,
  ALREADY_EXISTS: 409,
  REFERENCE_CONFLICT: 409,
  CONSTRAINT_VIOLATED: 409,

  // Reservations (DESIGN rules 1–3)
  EVENT_FULL: 409,
  EVENT_NOT_OPEN: 409,
  REGISTRATION_CLOSED: 409,
  ALREADY_RESERVED: 409,
  PARTY_TOO_LARGE: 422,
  NOT_CONFIRMED: 409,
  RESERVATION_CHANGED: 409,
  SWITCH_NOT_ALLOWED: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_KEY_UNUSABLE: 422,
  // Waiting for several sessions (issue 9): an alsoWaitFor id that is not another session of the same
  // seminar one may wait for (details.eventId, details.reason), or one that has a seat free now.
  ALSO_WAIT_FOR_INVALID: 422,
  ALSO_WAIT_FOR_NOT_FULL: 409,

  // Events and series
  CAPACITY_BELOW_CONFIRMED: 409,
  INVALID_STATUS_TRANSITION: 409,
  INVALID_SCHEDULE: 409,
  EVENT_ALREADY_STARTED: 409,
  EVENT_NOT_STARTED: 409,
  EVENT_CANCELLED: 409,
  EVENT_COMPLETED: 409,

  // The front desk
  CHECK_IN_NOT_OPEN: 409,
  ROOM_FULL: 409,
  CHECK_IN_CLOSED: 409,
  CODE_FOR_ANOTHER_EVENT: 409,
  NOT_WAITLISTED: 409,
  PARTY_DOES_NOT_FIT: 409,
  NOT_CANCELLABLE: 409,
  MESSAGE_NOT_FAILED: 409,

  // Clinics and staff
  CLINIC_SLUG_TAKEN: 409,
  STAFF_EMAIL_TAKEN: 409,
  CANNOT_DEMOTE_SELF: 409,

  // Ours
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The HTTP status a code is answered with. */
export function httpStatusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_STATUS, value);
}

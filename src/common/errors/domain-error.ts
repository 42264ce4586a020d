import type { ErrorCode } from './error-codes.js';

/**
 * A rule of the domain was broken. Services throw these; the one exception filter maps them to HTTP
 * through the code (ERROR_STATUS in error-codes.ts), so a service never chooses a status.
 * `code` is stable and machine-readable; `message` is for people.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, details?: unknown) {
    super('NOT_FOUND', `${what} was not found.`, details);
  }
}

/** A conflict with the state of things (answered 409, or as its code's status says). */
export class ConflictError extends DomainError {}

export class ValidationFailedError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('VALIDATION_FAILED', message, details);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(
    message = 'Sign in to do this.',
    code: 'UNAUTHENTICATED' | 'INVALID_CREDENTIALS' | 'INVALID_TOKEN' = 'UNAUTHENTICATED',
  ) {
    super(code, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(
    message = 'You are not allowed to do this.',
    code: 'FORBIDDEN' | 'ADMIN_ONLY' | 'CLINIC_ACCESS_DENIED' = 'FORBIDDEN',
  ) {
    super(code, message);
  }
}

/**
 * A rule of the domain was broken. Services throw these; the one exception filter maps them to HTTP.
 * `code` is stable and machine-readable; `message` is for people.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, details?: unknown) {
    super('NOT_FOUND', `${what} was not found.`, 404, details);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super(code, message, 409, details);
  }
}

export class ValidationFailedError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('VALIDATION_FAILED', message, 400, details);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Sign in to do this.', code = 'UNAUTHENTICATED') {
    super(code, message, 401);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this.', code = 'FORBIDDEN') {
    super(code, message, 403);
  }
}

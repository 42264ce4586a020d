import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from '../http.js';
import { classifyDatabaseError, type DatabaseFailure, sqlStateOf } from '../../database/postgres-errors.js';
import { ErrorPages, isPageRequest } from '../../site/view/error-pages.js';
import { DomainError } from './domain-error.js';
import { type ErrorCode, httpStatusOf } from './error-codes.js';
import type { ErrorResponse } from './error-response.js';

/** The code of an error Nest or Fastify raised with only a status. */
const CODES_BY_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
};

interface Answer {
  body: ErrorResponse;
  /** Seconds for the Retry-After header of a 503. */
  retryAfterSeconds?: number;
}

const UNAVAILABLE = { statusCode: httpStatusOf('SERVICE_UNAVAILABLE'), code: 'SERVICE_UNAVAILABLE' } as const;

/**
 * How each database failure is answered (DESIGN rules 9 and 12; see classifyDatabaseError). A lost or
 * restarting database, a full pool and a bounded wait that ran out are all 503 SERVICE_UNAVAILABLE with
 * Retry-After: the request was fine and will work again soon, so a client has one code to retry on, and
 * `details.reason` says which. A value the database refuses is the client's: a 4xx, never a 500.
 */
const DATABASE_ANSWERS: Record<DatabaseFailure, Answer> = {
  unreachable: {
    body: {
      ...UNAVAILABLE,
      message: 'The database is not answering; please try again in a moment.',
      details: { reason: 'database-unreachable' },
    },
    retryAfterSeconds: 5,
  },
  'connect-timeout': {
    body: {
      ...UNAVAILABLE,
      message: 'No database connection was free in time; please try again in a moment.',
      details: { reason: 'connect-timeout' },
    },
    retryAfterSeconds: 2,
  },
  'lock-timeout': {
    body: {
      ...UNAVAILABLE,
      message: 'This is busy right now (others are booking it); please try again in a moment.',
      details: { reason: 'lock-timeout' },
    },
    retryAfterSeconds: 1,
  },
  'statement-timeout': {
    body: {
      ...UNAVAILABLE,
      message: 'This took too long to answer; please try again in a moment.',
      details: { reason: 'statement-timeout' },
    },
    retryAfterSeconds: 2,
  },
  serialization: {
    body: {
      ...UNAVAILABLE,
      message: 'This is busy right now; please try again in a moment.',
      details: { reason: 'conflicting-transactions' },
    },
    retryAfterSeconds: 1,
  },
  'invalid-value': {
    body: {
      statusCode: httpStatusOf('INVALID_VALUE'),
      code: 'INVALID_VALUE',
      message: 'A value in the request is not valid for its field.',
    },
  },
  'unique-violation': {
    body: {
      statusCode: httpStatusOf('ALREADY_EXISTS'),
      code: 'ALREADY_EXISTS',
      message: 'Something with these details already exists.',
    },
  },
  'foreign-key-violation': {
    body: {
      statusCode: httpStatusOf('REFERENCE_CONFLICT'),
      code: 'REFERENCE_CONFLICT',
      message: 'This refers to something that does not exist, or is still in use.',
    },
  },
  'constraint-violation': {
    body: {
      statusCode: httpStatusOf('CONSTRAINT_VIOLATED'),
      code: 'CONSTRAINT_VIOLATED',
      message: 'This change would break a rule the data must keep.',
    },
  },
};

/** Maps every error to `{ statusCode, code, message, details? }`. A 500 is logged and says nothing more. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  /** Pages get their errors as pages (in the reader's language); everything else gets the JSON shape. */
  constructor(@Optional() private readonly errorPages?: ErrorPages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const { body, retryAfterSeconds } = this.answer(exception);
    if (response.sent) return;
    if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE)
      response.header('Retry-After', String(retryAfterSeconds ?? 5));
    if (this.errorPages && request && isPageRequest(request)) {
      this.errorPages.send(request, response, body).catch((error: unknown) => {
        this.internal(error);
        if (!response.sent) response.status(body.statusCode).send(body);
      });
      return;
    }
    response.status(body.statusCode).send(body);
  }

  toErrorResponse(exception: unknown): ErrorResponse {
    return this.answer(exception).body;
  }

  private answer(exception: unknown): Answer {
    const failure =
      exception instanceof DomainError || exception instanceof HttpException
        ? undefined
        : classifyDatabaseError(exception);
    if (failure) return this.databaseAnswer(failure, exception);
    return { body: this.toBody(exception) };
  }

  private toBody(exception: unknown): ErrorResponse {
    if (exception instanceof DomainError) {
      return withDetails(
        { statusCode: httpStatusOf(exception.code), code: exception.code, message: exception.message },
        exception.details,
      );
    }
    const frameworkError = asFrameworkError(exception instanceof HttpException ? exception.cause : exception);
    if (frameworkError) return frameworkError;
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      if (statusCode === HttpStatus.SERVICE_UNAVAILABLE) {
        return {
          statusCode,
          code: 'SERVICE_UNAVAILABLE',
          message: 'A service we depend on is not answering.',
          details: exception.getResponse(),
        };
      }
      if (statusCode >= 500) return this.internal(exception);
      return { statusCode, code: CODES_BY_STATUS[statusCode] ?? 'HTTP_ERROR', message: messageOf(exception) };
    }
    return this.internal(exception);
  }

  /** Logged as a warning with its SQLSTATE (never the query's parameters): a 4xx here is input a DTO let through. */
  private databaseAnswer(failure: DatabaseFailure, exception: unknown): Answer {
    const driverError =
      (exception as { driverError?: { constraint?: unknown; code?: unknown } }).driverError ?? exception;
    this.logger.warn({
      message: 'database error answered',
      failure,
      sqlState: sqlStateOf(exception),
      errorCode: (driverError as { code?: unknown }).code,
      constraint: (driverError as { constraint?: unknown }).constraint,
    });
    return DATABASE_ANSWERS[failure];
  }

  private internal(exception: unknown): ErrorResponse {
    this.logger.error(
      exception instanceof Error ? `${exception.name}: ${exception.message}` : 'Unknown error',
      exception instanceof Error ? exception.stack : undefined,
    );
    return {
      statusCode: httpStatusOf('INTERNAL_ERROR'),
      code: 'INTERNAL_ERROR',
      message: 'Something went wrong on our side.',
    };
  }
}

function withDetails(body: ErrorResponse, details: unknown): ErrorResponse {
  return details === undefined ? body : { ...body, details };
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** Errors Fastify raises before any route runs: a body it cannot read or parse, an address it cannot decode. */
function asFrameworkError(exception: unknown): ErrorResponse | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { code, statusCode } = exception as { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_')) return undefined;
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return {
        statusCode: httpStatusOf('MALFORMED_JSON'),
        code: 'MALFORMED_JSON',
        message: 'The request body is not valid JSON.',
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        statusCode: httpStatusOf('PAYLOAD_TOO_LARGE'),
        code: 'PAYLOAD_TOO_LARGE',
        message: 'The request body is too large.',
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        statusCode,
        code: CODES_BY_STATUS[statusCode] ?? 'UNSUPPORTED_MEDIA_TYPE',
        message: 'The request body is of a type we do not read; send JSON (or a form, to a page).',
      };
    case 'FST_ERR_BAD_URL':
      return { statusCode, code: CODES_BY_STATUS[statusCode] ?? 'BAD_REQUEST', message: 'The address is not valid.' };
    default:
      return {
        statusCode,
        code: CODES_BY_STATUS[statusCode] ?? 'BAD_REQUEST',
        message: 'The request body could not be read.',
      };
  }
}

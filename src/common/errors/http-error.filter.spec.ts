import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import {
  type ArgumentsHost,
  BadGatewayException,
  BadRequestException,
  HttpException,
  InternalServerErrorException,
  Logger,
  PayloadTooLargeException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { errorCodes } from 'fastify';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { ConflictError, DomainError, NotFoundError, ValidationFailedError } from './domain-error.js';
import { ERROR_STATUS, type ErrorCode } from './error-codes.js';
import { HttpErrorFilter } from './http-error.filter.js';

interface Sent {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A stand-in for Fastify's reply: what the filter calls on it. */
function fakeHost(alreadySent = false): { host: ArgumentsHost; sent: Sent } {
  const sent: Sent = {};
  const response = {
    sent: alreadySent,
    status(code: number) {
      sent.status = code;
      return response;
    },
    send(body: unknown) {
      sent.body = body;
      return response;
    },
    header(name: string, value: string) {
      sent.headers = { ...sent.headers, [name]: value };
      return response;
    },
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({}) }),
  } as unknown as ArgumentsHost;
  return { host, sent };
}

function answer(exception: unknown): Sent {
  const { host, sent } = fakeHost();
  new HttpErrorFilter().catch(exception, host);
  return sent;
}

const INTERNAL = { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side.' };

describe('HttpErrorFilter', () => {
  let logged: jest.SpiedFunction<Logger['error']>;

  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

  describe('a 500 says only that something went wrong, and the details go to the log', () => {
    it('an unexpected error answers { statusCode: 500, code: INTERNAL_ERROR, message } and nothing else', () => {
      const error = new TypeError("Cannot read properties of undefined (reading 'seats')");
      const sent = answer(error);
      expect(sent).toEqual({ status: 500, body: INTERNAL });
      expect(logged).toHaveBeenCalledTimes(1);
      expect(logged.mock.calls[0].join(' ')).toContain("reading 'seats'");
      expect(logged.mock.calls[0].join(' ')).toContain(error.stack!.split('\n')[1].trim());
    });

    it('a database error never shows its SQL, table or constraint names to the client', () => {
      const error = new QueryFailedError(
        'SELECT * FROM "staff_users" WHERE "email" = $1',
        ['dana@example.com'],
        new Error('relation "staff_users" does not exist'),
      );
      const sent = answer(error);
      expect(sent).toEqual({ status: 500, body: INTERNAL });
      expect(JSON.stringify(sent.body)).not.toMatch(/staff_users|SELECT|dana/);
    });

    it.each([
      ['a thrown string', 'boom'],
      ['a thrown plain object', { secret: 'x' }],
      ['undefined', undefined],
      [
        'an InternalServerErrorException with a message',
        new InternalServerErrorException('pool exhausted at db-1:5432'),
      ],
      ['a 502 HttpException', new BadGatewayException('upstream smtp.internal said no')],
    ])('%s is the same bare 500', (_name, exception) => {
      const sent = answer(exception);
      expect(sent).toEqual({ status: 500, body: INTERNAL });
      expect(logged).toHaveBeenCalledTimes(1);
    });
  });

  describe('domain errors keep their status, code, message and details', () => {
    it.each([
      [
        'NotFoundError',
        new NotFoundError('Clinic'),
        404,
        { statusCode: 404, code: 'NOT_FOUND', message: 'Clinic was not found.' },
      ],
      [
        'ConflictError with details',
        new ConflictError('CLINIC_SLUG_TAKEN', 'Slug taken.', { slug: 'x' }),
        409,
        { statusCode: 409, code: 'CLINIC_SLUG_TAKEN', message: 'Slug taken.', details: { slug: 'x' } },
      ],
      [
        'ValidationFailedError with the fields',
        new ValidationFailedError('name is bad', { fields: [{ field: 'name', problems: ['bad'] }] }),
        400,
        {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: 'name is bad',
          details: { fields: [{ field: 'name', problems: ['bad'] }] },
        },
      ],
    ])('%s', (_name, exception, status, body) => {
      expect(answer(exception)).toEqual({ status, body });
      expect(logged).not.toHaveBeenCalled();
    });
  });

  describe("Nest's own HTTP exceptions get a stable code", () => {
    it('a 4xx keeps its status and message, with the code for its status', () => {
      expect(answer(new BadRequestException('Validation failed (uuid is expected)'))).toEqual({
        status: 400,
        body: { statusCode: 400, code: 'BAD_REQUEST', message: 'Validation failed (uuid is expected)' },
      });
      expect(answer(new PayloadTooLargeException()).body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(answer(new HttpException('I am a teapot', 418)).body).toEqual({
        statusCode: 418,
        code: 'HTTP_ERROR',
        message: 'I am a teapot',
      });
    });

    it('a 503 (the health check failing) is SERVICE_UNAVAILABLE with its details', () => {
      const health = { status: 'error', error: { database: { status: 'down' } } };
      const sent = answer(new ServiceUnavailableException(health));
      expect(sent.body).toEqual({
        statusCode: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: expect.any(String),
        details: health,
      });
      expect(sent.headers).toEqual({ 'Retry-After': '5' });
    });

    it("Fastify's body errors become MALFORMED_JSON, PAYLOAD_TOO_LARGE and UNSUPPORTED_MEDIA_TYPE without its message", () => {
      expect(answer(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY()).body).toEqual({
        statusCode: 400,
        code: 'MALFORMED_JSON',
        message: 'The request body is not valid JSON.',
      });
      const tooLarge = new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
      expect(answer(new HttpException('wrapped', 413, { cause: tooLarge })).body).toEqual({
        statusCode: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: 'The request body is too large.',
      });
      expect(answer(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE('text/csv')).body).toMatchObject({
        statusCode: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
      expect(answer(new errorCodes.FST_ERR_BAD_URL('/%E0')).body).toMatchObject({
        statusCode: 400,
        code: 'BAD_REQUEST',
      });
    });
  });

  describe('database errors: a lost database or a bounded wait is a 503 with Retry-After, a refused value a 4xx, never a 500', () => {
    let warned: jest.SpiedFunction<Logger['warn']>;
    beforeEach(() => {
      warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    });
    afterEach(() => warned.mockRestore());

    const pgError = (code: string, message = 'boom', extra: Record<string, unknown> = {}) =>
      Object.assign(new Error(message), { code, severity: 'ERROR', ...extra });
    const failedQuery = (code: string, message?: string, extra?: Record<string, unknown>) =>
      new QueryFailedError(
        'SELECT * FROM "reservations" WHERE "email" = $1',
        ['dana@example.com'],
        pgError(code, message, extra),
      );
    const socketError = (code: string) =>
      Object.assign(new Error(`connect ${code} 10.0.0.7:5432`), { code, errno: -111, syscall: 'connect' });

    it.each([
      ['08006 connection failure', failedQuery('08006'), 'database-unreachable', '5'],
      ['08001 cannot connect', pgError('08001'), 'database-unreachable', '5'],
      [
        '57P01 admin shutdown (pg_ctl stop/restart)',
        failedQuery('57P01', 'terminating connection due to administrator command'),
        'database-unreachable',
        '5',
      ],
      ['57P02 crash shutdown', failedQuery('57P02'), 'database-unreachable', '5'],
      [
        '57P03 cannot connect now (starting up), raised by connect',
        pgError('57P03', 'the database system is starting up'),
        'database-unreachable',
        '5',
      ],
      ['ECONNREFUSED', socketError('ECONNREFUSED'), 'database-unreachable', '5'],
      ['ECONNRESET', socketError('ECONNRESET'), 'database-unreachable', '5'],
      [
        'ECONNREFUSED on every address (AggregateError)',
        Object.assign(new AggregateError([socketError('ECONNREFUSED')], ''), { code: 'ECONNREFUSED' }),
        'database-unreachable',
        '5',
      ],
      [
        'a connection lost mid-query',
        new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly')),
        'database-unreachable',
        '5',
      ],
      [
        'a connection lost between two statements of a transaction',
        new QueryRunnerAlreadyReleasedError(),
        'database-unreachable',
        '5',
      ],
      [
        'the same, met by manager.query (TypeORM names it differently there)',
        new QueryRunnerProviderAlreadyReleasedError(),
        'database-unreachable',
        '5',
      ],
      ['the pool connection timeout', new Error('timeout exceeded when trying to connect'), 'connect-timeout', '2'],
      [
        '55P03 lock_not_available (lock_timeout)',
        failedQuery('55P03', 'canceling statement due to lock timeout'),
        'lock-timeout',
        '1',
      ],
      [
        '57014 query_canceled (statement_timeout)',
        failedQuery('57014', 'canceling statement due to statement timeout'),
        'statement-timeout',
        '2',
      ],
      ['40P01 deadlock (after the retry)', failedQuery('40P01', 'deadlock detected'), 'conflicting-transactions', '1'],
      ['40001 serialization failure (after the retry)', failedQuery('40001'), 'conflicting-transactions', '1'],
    ])('%s is 503 SERVICE_UNAVAILABLE with Retry-After', (_name, exception, reason, retryAfter) => {
      const sent = answer(exception);
      expect(sent).toEqual({
        status: 503,
        body: { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: expect.any(String), details: { reason } },
        headers: { 'Retry-After': retryAfter },
      });
      expect(JSON.stringify(sent.body)).not.toMatch(/reservations|SELECT|dana|10\.0\.0\.7|5432/);
      expect(logged).not.toHaveBeenCalled();
      expect(warned).toHaveBeenCalledTimes(1);
    });

    it.each([
      ['22P02 invalid text representation', '22P02', 400, 'INVALID_VALUE'],
      ['22021 invalid byte sequence', '22021', 400, 'INVALID_VALUE'],
      ['22003 numeric value out of range', '22003', 400, 'INVALID_VALUE'],
      ['22001 string too long', '22001', 400, 'INVALID_VALUE'],
      ['22007 invalid datetime format', '22007', 400, 'INVALID_VALUE'],
      ['23502 not-null violation', '23502', 400, 'INVALID_VALUE'],
      ['23505 unique violation', '23505', 409, 'ALREADY_EXISTS'],
      ['23503 foreign-key violation', '23503', 409, 'REFERENCE_CONFLICT'],
      ['23514 check violation', '23514', 409, 'CONSTRAINT_VIOLATED'],
      ['23P01 exclusion violation', '23P01', 409, 'CONSTRAINT_VIOLATED'],
    ])('%s is a %i %s that names no table, constraint or value', (_name, code, status, errorCode) => {
      const sent = answer(
        failedQuery(code, 'duplicate key value violates unique constraint "uq_reservations_active_email"', {
          constraint: 'uq_reservations_active_email',
          detail: 'Key (email)=(dana@example.com)',
        }),
      );
      expect(sent).toEqual({ status, body: { statusCode: status, code: errorCode, message: expect.any(String) } });
      expect(JSON.stringify(sent.body)).not.toMatch(/reservations|uq_|SELECT|dana/);
      expect(sent.headers).toBeUndefined();
      expect(logged).not.toHaveBeenCalled();
      // The warning names the SQLSTATE and constraint (so a missing DTO check can be found), never the values.
      expect(warned).toHaveBeenCalledTimes(1);
      expect(JSON.stringify(warned.mock.calls[0])).toContain(code);
      expect(JSON.stringify(warned.mock.calls[0])).not.toMatch(/dana/);
    });

    it.each([
      ['42703 undefined column (our bug)', '42703'],
      ['22012 division by zero (our bug)', '22012'],
      ['XX000 internal error', 'XX000'],
    ])('%s stays a logged 500', (_name, code) => {
      expect(answer(failedQuery(code))).toEqual({ status: 500, body: INTERNAL });
      expect(logged).toHaveBeenCalledTimes(1);
    });

    it('only a server error (with its severity) is read as a SQLSTATE: a domain error is answered by its code', () => {
      expect(answer(new ConflictError('EVENT_FULL', 'Full.'))).toEqual({
        status: 409,
        body: { statusCode: 409, code: 'EVENT_FULL', message: 'Full.' },
      });
      expect(answer(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })).status).toBe(503);
    });

    it('a plain error that merely mentions a connection is still a 500', () => {
      expect(answer(new Error('could not render the connection page'))).toEqual({ status: 500, body: INTERNAL });
    });
  });

  it('does not try to answer when the response has already started', () => {
    const { host, sent } = fakeHost(true);
    new HttpErrorFilter().catch(new Error('late'), host);
    expect(sent).toEqual({});
  });
});

describe('error codes: one list, one status each', () => {
  it.each(Object.entries(ERROR_STATUS))('%s is answered with %i', (code, status) => {
    const sent = answer(new DomainError(code as ErrorCode, 'Said to people.'));
    // A 500 says nothing more than INTERNAL_ERROR (the filter logs the real error); every other code is answered as thrown.
    expect(sent.status).toBe(status);
    if (status < 500) expect(sent.body).toEqual({ statusCode: status, code, message: 'Said to people.' });
  });
});

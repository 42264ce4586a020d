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
import { QueryFailedError } from 'typeorm';
import { ConflictError, NotFoundError, ValidationFailedError } from './domain-error.js';
import { HttpErrorFilter } from './http-error.filter.js';

interface Sent {
  status?: number;
  body?: unknown;
}

function fakeHost(headersSent = false): { host: ArgumentsHost; sent: Sent } {
  const sent: Sent = {};
  const response = {
    headersSent,
    status(code: number) {
      sent.status = code;
      return response;
    },
    json(body: unknown) {
      sent.body = body;
      return response;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({}) }) } as unknown as ArgumentsHost;
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
      ['an InternalServerErrorException with a message', new InternalServerErrorException('pool exhausted at db-1:5432')],
      ['a 502 HttpException', new BadGatewayException('upstream smtp.internal said no')],
    ])('%s is the same bare 500', (_name, exception) => {
      const sent = answer(exception);
      expect(sent).toEqual({ status: 500, body: INTERNAL });
      expect(logged).toHaveBeenCalledTimes(1);
    });
  });

  describe('domain errors keep their status, code, message and details', () => {
    it.each([
      ['NotFoundError', new NotFoundError('Clinic'), 404, { statusCode: 404, code: 'NOT_FOUND', message: 'Clinic was not found.' }],
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
        { statusCode: 400, code: 'VALIDATION_FAILED', message: 'name is bad', details: { fields: [{ field: 'name', problems: ['bad'] }] } },
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
      expect(answer(new HttpException('I am a teapot', 418)).body).toEqual({ statusCode: 418, code: 'HTTP_ERROR', message: 'I am a teapot' });
    });

    it('a 503 (the health check failing) is SERVICE_UNAVAILABLE with its details', () => {
      const health = { status: 'error', error: { database: { status: 'down' } } };
      expect(answer(new ServiceUnavailableException(health)).body).toEqual({
        statusCode: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: expect.any(String),
        details: health,
      });
    });

    it("body-parser errors become MALFORMED_JSON and PAYLOAD_TOO_LARGE without the parser's message", () => {
      const parseFailed = Object.assign(new SyntaxError('Unexpected end of JSON input at position 8'), { type: 'entity.parse.failed', status: 400 });
      expect(answer(parseFailed).body).toEqual({ statusCode: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON.' });
      const tooLarge = Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413 });
      expect(answer(new HttpException('wrapped', 413, { cause: tooLarge })).body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    });
  });

  it('does not try to answer when the response has already started', () => {
    const { host, sent } = fakeHost(true);
    new HttpErrorFilter().catch(new Error('late'), host);
    expect(sent).toEqual({});
  });
});

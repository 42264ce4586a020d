import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ErrorPages, isPageRequest } from '../../site/view/error-pages.js';
import { DomainError } from './domain-error.js';
import type { ErrorResponse } from './error-response.js';

const CODES_BY_STATUS: Record<number, string> = {
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

/** Maps every error to `{ statusCode, code, message, details? }`. A 500 is logged and says nothing more. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  /** Pages get their errors as pages (in the reader's language); everything else gets the JSON shape. */
  constructor(@Optional() private readonly errorPages?: ErrorPages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const body = this.toErrorResponse(exception);
    if (response.headersSent) return;
    if (this.errorPages && request && isPageRequest(request)) {
      this.errorPages.send(request, response, body).catch((error: unknown) => {
        this.internal(error);
        if (!response.headersSent) response.status(body.statusCode).json(body);
      });
      return;
    }
    response.status(body.statusCode).json(body);
  }

  toErrorResponse(exception: unknown): ErrorResponse {
    if (exception instanceof DomainError) {
      return withDetails({ statusCode: exception.status, code: exception.code, message: exception.message }, exception.details);
    }
    // Nest wraps Express's body-parser errors in an HttpException whose cause is the original error.
    const bodyParserError = asBodyParserError(exception instanceof HttpException ? exception.cause : exception);
    if (bodyParserError) return bodyParserError;
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      if (statusCode === HttpStatus.SERVICE_UNAVAILABLE) {
        return { statusCode, code: 'SERVICE_UNAVAILABLE', message: 'A service we depend on is not answering.', details: exception.getResponse() };
      }
      if (statusCode >= 500) return this.internal(exception);
      return { statusCode, code: CODES_BY_STATUS[statusCode] ?? 'HTTP_ERROR', message: messageOf(exception) };
    }
    return this.internal(exception);
  }

  private internal(exception: unknown): ErrorResponse {
    this.logger.error(
      exception instanceof Error ? `${exception.name}: ${exception.message}` : 'Unknown error',
      exception instanceof Error ? exception.stack : undefined,
    );
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side.' };
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

/** Errors raised by Express's body parser before any route runs (bad JSON, too large, bad charset). */
function asBodyParserError(exception: unknown): ErrorResponse | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { type, status } = exception as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  switch (type) {
    case 'entity.parse.failed':
      return { statusCode: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON.' };
    case 'entity.too.large':
      return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' };
    default:
      return { statusCode: status, code: CODES_BY_STATUS[status] ?? 'BAD_REQUEST', message: 'The request body could not be read.' };
  }
}

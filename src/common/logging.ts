import type { LoggerService } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * Logs one line per request: method, the matched route pattern (never the concrete URL, which can hold a
 * manage token, and never the query string, which can hold an e-mail), status and duration.
 */
export function requestLogger(logger: LoggerService) {
  return (request: Request, response: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path;
      logger.log(
        {
          message: 'http request',
          method: request.method,
          route: route ? `${request.baseUrl}${route}` : '(unmatched)',
          status: response.statusCode,
          durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        },
        'HTTP',
      );
    });
    next();
  };
}

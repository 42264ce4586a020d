import type { LoggerService } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { WinstonModule } from 'nest-winston';
import winston from 'winston';
import type { AppConfig } from '../config/app-config.js';

/** One JSON object per line on stdout, for any log shipper. */
export function createJsonLogger(level: AppConfig['logLevel']): LoggerService {
  return WinstonModule.createLogger({
    level,
    format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json()),
    transports: [new winston.transports.Console()],
  });
}

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

import type { LoggerService } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import winston from 'winston';
import type { AppConfig } from '../config/app-config.js';

/**
 * Nest's logger interface over winston, one JSON object per line on stdout. (nest-winston would do this,
 * but it is a CommonJS package requiring the ESM-only @nestjs/common, which Jest cannot load on Node 20.)
 */
class JsonLogger implements LoggerService {
  constructor(private readonly winston: winston.Logger) {}

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('verbose', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string) {
    const stack = context === undefined ? undefined : stackOrContext;
    this.write('error', message, context ?? (stack === undefined ? stackOrContext : undefined), stack);
  }
  fatal(message: unknown, stackOrContext?: string, context?: string) {
    this.error(message, stackOrContext, context);
  }

  private write(level: string, message: unknown, context?: string, stack?: string) {
    const fields = typeof message === 'object' && message !== null && !(message instanceof Error) ? message : { message: String(message) };
    this.winston.log({ level, message: '', ...fields, ...(context ? { context } : {}), ...(stack ? { stack } : {}) });
  }
}

export function createJsonLogger(level: AppConfig['logLevel']): LoggerService {
  return new JsonLogger(
    winston.createLogger({
      level,
      format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
      transports: [new winston.transports.Console()],
    }),
  );
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

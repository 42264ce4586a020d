import type { LoggerService } from '@nestjs/common';
import { WinstonModule, utilities } from 'nest-winston';
import winston from 'winston';
import type { AppConfig } from '../config/app-config.js';

/*
 * The service's logs on stdout, through nest-winston: JSON, one object per line, for machines (the default
 * in production), or text lines in Nest's own style for a person at a terminal (LOG_FORMAT=text, the
 * default elsewhere). Only the entry points (main.ts, worker.ts) import this file: nest-winston is CommonJS
 * requiring the ESM-only @nestjs/common, which Node 20.19+ loads natively but Jest's module loader cannot,
 * so the in-process test apps log nothing and the boot suite checks these logs on the real process.
 */

/**
 * Nest's start-up detail: a line per module, per controller and per route (about a hundred). It goes to
 * debug level (LOG_LEVEL=debug shows it); the start-up banner says what a person needs instead.
 */
const START_UP_DETAIL = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

export interface LoggerOptions {
  level: AppConfig['logLevel'];
  format: AppConfig['logFormat'];
}

export function createAppLogger({ level, format }: LoggerOptions): LoggerService {
  const lines =
    format === 'json'
      ? winston.format.combine(
          winston.format.timestamp(),
          winston.format.errors({ stack: true }),
          winston.format.json(),
        )
      : winston.format.combine(
          winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
          winston.format.errors({ stack: true }),
          utilities.format.nestLike('', {
            appName: false,
            processId: false,
            prettyPrint: false,
            colors: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
          }),
        );
  return new StartUpDetailAtDebug(
    WinstonModule.createLogger({ level, format: lines, transports: [new winston.transports.Console()] }),
  );
}

/** Passes every call through, except Nest's start-up detail, which it logs at debug instead of info. */
class StartUpDetailAtDebug implements LoggerService {
  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    if (typeof context === 'string' && START_UP_DETAIL.has(context)) this.inner.debug?.(message, ...rest);
    else this.inner.log(message, ...rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.inner.error(message, ...rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.inner.warn(message, ...rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.inner.debug?.(message, ...rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.inner.verbose?.(message, ...rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    (this.inner.fatal ?? this.inner.error).call(this.inner, message, ...rest);
  }
}

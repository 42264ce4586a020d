import type { LoggerService } from '@nestjs/common';
import { WinstonModule } from 'nest-winston';
import winston from 'winston';
import type { AppConfig } from '../config/app-config.js';

/*
 * JSON logs, one object per line on stdout, through nest-winston. Only the entry points (main.ts,
 * worker.ts) import this file: nest-winston is CommonJS requiring the ESM-only @nestjs/common, which Node
 * 20.19+ loads natively but Jest's module loader cannot, so the in-process test apps log nothing and the
 * boot suite checks these logs on the real process.
 */
export function createJsonLogger(level: AppConfig['logLevel']): LoggerService {
  return WinstonModule.createLogger({
    level,
    format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json()),
    transports: [new winston.transports.Console()],
  });
}

import { Global, Module } from '@nestjs/common';
import { Clock } from './clock.js';

/** Makes the one Clock injectable everywhere; imported once by the app and once by the worker. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}

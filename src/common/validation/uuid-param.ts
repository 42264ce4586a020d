import { ParseUUIDPipe } from '@nestjs/common';
import { NotFoundError } from '../errors/domain-error.js';

/** A route id that is not a UUID cannot name anything: answer 404 like any other unknown id. */
export const UuidParam = (what: string) => new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError(what) });

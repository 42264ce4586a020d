import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isValidTimeZone } from '../time-zones.js';

/** The value is an IANA time zone known to the runtime's zone database. */
export function IsTimeZone(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an IANA time zone such as Europe/London`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidTimeZone(value) },
    });
}

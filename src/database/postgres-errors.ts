import { QueryFailedError } from 'typeorm';

/** The statement broke a unique constraint or index (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
}

import type { EntityManager } from 'typeorm';

/**
 * Runs one UPDATE or DELETE and returns how many rows it changed: the one way the code base reads a row
 * count. (TypeORM's `query` answers these statements with `[rows, affected count]`.) A statement whose
 * rows the caller needs uses `RETURNING` and `manager.query` instead.
 */
export async function affectedRows(manager: EntityManager, sql: string, parameters: unknown[] = []): Promise<number> {
  const [, affected] = (await manager.query(sql, parameters)) as [unknown, number];
  return affected;
}

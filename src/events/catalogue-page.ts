import { ValidationFailedError } from '../common/errors/domain-error.js';
import { parseEventTime } from '../common/event-time.js';
import type { ListEventsQueryDto } from './dto/event.dto.js';

/**
 * The total stops counting here, or at the end of the asked page when that is further: past it the answer says
 * "more than `total`" (`totalExact: false`) instead of counting every upcoming event on every request.
 */
export const CATALOGUE_COUNT_CAP = 100;

export interface CataloguePage<Row> {
  rows: Row[];
  /** Matching events, counted up to the statement's `countUpTo`; when `totalExact` is false, more than this match. */
  total: number;
  totalExact: boolean;
}

/**
 * One page of the public catalogue (published, not ended, of an active clinic, in start then id order) and its
 * bounded total, in one statement whose work does not depend on table statistics (issue 11).
 *
 * A table that was never analysed makes PostgreSQL guess that one event matches: it then gathers every match
 * (bitmap scans) and sorts them all for a page of 20, and counts them all. Here the plan is pinned instead of
 * guessed: `ix_events_catalogue` (starts_at, id, kind) and `ix_events_catalogue_clinic` (clinic_id, starts_at,
 * id, kind), both over published events only, hold the listing's order, and on sessions where sorting and
 * bitmap scans are switched off (the catalogue's own small pool, so no extra round trip) the only plans left
 * walk one of them in order and stop after the page (LIMIT) and after `countUpTo + 1` rows for the count. The
 * clinic filter is resolved to its id first, so the walk can use the clinic's index (a join from the clinic
 * would lose the order). test/events-catalogue-plan.e2e-spec.ts checks the plan on a table never analysed.
 */
export async function readCataloguePage<Row extends { id: string }>(
  connections: CatalogueConnections,
  columns: string,
  query: ListEventsQueryDto,
  now: Date,
): Promise<CataloguePage<Row>> {
  const { sql, values, countUpTo } = catalogueStatement(columns, query, now);
  const found = await connections.query<Row & { counted: number; orderStart: Date }>(sql, values);
  const rows = found
    .filter((row) => row.id !== null)
    .map(({ counted: _counted, orderStart: _start, ...row }) => row as unknown as Row);
  const counted = found[0].counted;
  return { rows, total: Math.min(counted, countUpTo), totalExact: counted <= countUpTo };
}

/** Where the catalogue's statement runs: sessions that carry CATALOGUE_PLAN_SETTINGS (catalogue-connections.ts). */
export interface CatalogueConnections {
  query<Row>(sql: string, values: unknown[]): Promise<Row[]>;
}

/**
 * The planner settings that pin the plan. The final ORDER BY of the page's rows still sorts, at the price
 * PostgreSQL gives a switched-off sort, which would otherwise wake JIT compilation (~0.5 s) for a 1 ms query.
 */
export const CATALOGUE_PLAN_SETTINGS = { enable_sort: 'off', enable_bitmapscan: 'off', jit: 'off' } as const;

/** The same settings for one transaction (SET LOCAL), for a check that runs the statement on another session. */
export const PIN_CATALOGUE_PLAN = `SELECT ${Object.entries(CATALOGUE_PLAN_SETTINGS)
  .map(([name, value]) => `set_config('${name}', '${value}', true)`)
  .join(', ')}`;

/**
 * The page and its count in one statement: a plain count over at most `countUpTo + 1` rows beside the page (not
 * count(*) OVER (), which would build every matching row of the page's width). The inner join is to the event's
 * one clinic, so it cannot repeat an event and LIMIT/OFFSET count events as they are. The LEFT JOIN keeps the
 * count when the page is past the end.
 */
export function catalogueStatement(
  columns: string,
  query: ListEventsQueryDto,
  now: Date,
): { sql: string; values: unknown[]; countUpTo: number } {
  const { where, values } = catalogueFilter(query, now);
  const offset = (query.page - 1) * query.pageSize;
  const countUpTo = Math.max(CATALOGUE_COUNT_CAP, offset + query.pageSize);
  values.push(query.pageSize, offset, countUpTo + 1);
  const [limit, skip, countLimit] = [values.length - 2, values.length - 1, values.length];
  const sql = `WITH matching AS (
              SELECT count(*)::int AS counted
                FROM (SELECT 1 FROM events e JOIN clinics c ON c.id = e.clinic_id WHERE ${where} LIMIT $${countLimit}) m),
            page AS (
              SELECT ${columns}, e.starts_at AS "orderStart"
                FROM events e JOIN clinics c ON c.id = e.clinic_id
               WHERE ${where}
               ORDER BY e.starts_at, e.id
               LIMIT $${limit} OFFSET $${skip})
       SELECT matching.counted, page.* FROM matching LEFT JOIN page ON true ORDER BY page."orderStart", page.id`;
  return { sql, values, countUpTo };
}

/** The catalogue's rule and the query's filters, as SQL over `events e JOIN clinics c` and its parameters. */
function catalogueFilter(query: ListEventsQueryDto, now: Date): { where: string; values: unknown[] } {
  const values: unknown[] = [now];
  const where = [`e.status = 'published'`, 'e.ends_at > $1', 'c.archived_at IS NULL'];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  // The clinic's id from a one-row subquery (an InitPlan) is an index condition on ix_events_catalogue_clinic.
  if (query.clinic) where.push(`e.clinic_id = (SELECT id FROM clinics WHERE slug = ${param(query.clinic)})`);
  if (query.kind) where.push(`e.kind = ${param(query.kind)}`);
  if (query.from) where.push(`e.starts_at >= ${param(readInstant('from', query.from))}`);
  if (query.to) where.push(`e.starts_at < ${param(readInstant('to', query.to))}`);
  return { where: where.join(' AND '), values };
}

function readInstant(field: 'from' | 'to', text: string): Date {
  const parsed = parseEventTime(text, 'UTC');
  if (!parsed) {
    throw new ValidationFailedError(`${field} is not a real date-time.`, {
      fields: [{ field, problems: [`${field} is not a real date-time`] }],
    });
  }
  return parsed;
}

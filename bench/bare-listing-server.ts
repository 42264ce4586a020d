/**
 * The floor the listing is measured against: a bare `node:http` + `pg` server answering GET /api/events and
 * GET /api/events/:id with the same SQL as src/events/events.service.ts and byte-identical JSON, and
 * nothing else (no framework, no validation beyond what the answer needs, no middleware, no logging).
 * bench/listing.ts starts it beside the app on the same database and checks the bytes are equal first.
 * It is written out here on purpose, not imported from src: it is the yardstick, not the code measured.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const COLUMNS = `e.id, e.kind, e.title, e.description, e.status, e.starts_at AS "startsAt", e.ends_at AS "endsAt",
       e.time_zone AS "timeZone", e.venue_name AS "venueName", e.capacity, e.confirmed_seats AS "confirmedSeats",
       e.max_party_size AS "maxPartySize", e.registration_opens_at AS "registrationOpensAt",
       e.registration_closes_at AS "registrationClosesAt", e.waitlist_enabled AS "waitlistEnabled",
       c.slug AS "clinicSlug", c.name AS "clinicName", c.time_zone AS "clinicTimeZone", c.address AS "clinicAddress"`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Row {
  id: string;
  kind: string;
  title: string;
  description: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  venueName: string | null;
  capacity: number;
  confirmedSeats: number;
  maxPartySize: number;
  registrationOpensAt: Date;
  registrationClosesAt: Date;
  waitlistEnabled: boolean;
  clinicSlug: string;
  clinicName: string;
  clinicTimeZone: string;
  clinicAddress: unknown;
  counted?: number;
}

const localIso = (instant: Date, zone: string) =>
  DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true });

function view(row: Row, now: Date) {
  const left = Math.max(0, row.capacity - row.confirmedSeats);
  const open =
    row.status === 'published' &&
    now >= row.registrationOpensAt &&
    now < row.registrationClosesAt &&
    now < row.startsAt;
  return {
    id: row.id,
    clinic: { slug: row.clinicSlug, name: row.clinicName, timeZone: row.clinicTimeZone },
    kind: row.kind,
    title: row.title,
    description: row.description,
    status: row.status,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    timeZone: row.timeZone,
    localStartsAt: localIso(row.startsAt, row.timeZone),
    localEndsAt: localIso(row.endsAt, row.timeZone),
    venue: row.kind === 'seminar' ? { name: row.venueName, address: row.clinicAddress } : null,
    capacity: row.capacity,
    seatsLeft: left,
    maxPartySize: row.maxPartySize,
    registrationOpensAt: row.registrationOpensAt.toISOString(),
    registrationClosesAt: row.registrationClosesAt.toISOString(),
    registrationOpen: open,
    waitlistOpen: open && row.waitlistEnabled && left === 0,
  };
}

async function list(pool: pg.Pool, params: URLSearchParams) {
  const now = new Date();
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 20);
  const values: unknown[] = [now];
  const conditions = [`e.status = 'published'`, 'e.ends_at > $1', 'c.archived_at IS NULL'];
  const add = (condition: string, value: unknown, after = '') => {
    values.push(value);
    conditions.push(`${condition} $${values.length}${after}`);
  };
  if (params.has('clinic')) add('e.clinic_id = (SELECT id FROM clinics WHERE slug =', params.get('clinic'), ')');
  if (params.has('kind')) add('e.kind =', params.get('kind'));
  if (params.has('from')) add('e.starts_at >=', new Date(params.get('from')!));
  if (params.has('to')) add('e.starts_at <', new Date(params.get('to')!));
  const where = conditions.join(' AND ');
  // The total is counted up to 100 or the asked page's end, like the app's (src/events/catalogue-page.ts).
  const countUpTo = Math.max(100, page * pageSize);
  values.push(pageSize, (page - 1) * pageSize, countUpTo + 1);
  const { rows } = await pool.query<Row>(
    `WITH matching AS (
            SELECT count(*)::int AS counted
              FROM (SELECT 1 FROM events e JOIN clinics c ON c.id = e.clinic_id WHERE ${where} LIMIT $${values.length}) m),
          page AS (
            SELECT ${COLUMNS}, e.starts_at AS "orderStart"
              FROM events e JOIN clinics c ON c.id = e.clinic_id
             WHERE ${where}
             ORDER BY e.starts_at, e.id
             LIMIT $${values.length - 2} OFFSET $${values.length - 1})
     SELECT matching.counted, page.* FROM matching LEFT JOIN page ON true ORDER BY page."orderStart", page.id`,
    values,
  );
  const counted = rows[0].counted ?? 0;
  return {
    items: rows.filter((row) => row.id !== null).map((row) => view(row, now)),
    page,
    pageSize,
    total: Math.min(counted, countUpTo),
    totalExact: counted <= countUpTo,
  };
}

async function one(pool: pg.Pool, id: string) {
  if (!UUID.test(id)) return undefined;
  const { rows } = await pool.query<Row>(
    `SELECT ${COLUMNS}
       FROM events e JOIN clinics c ON c.id = e.clinic_id
      WHERE e.id = $1 AND e.status <> 'draft' AND c.archived_at IS NULL`,
    [id],
  );
  return rows.length === 0 ? undefined : view(rows[0], new Date());
}

export interface BareListingServer {
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (a free port) with a pool the size of the app's. */
export async function startBareListingServer(databaseUrl: string, poolSize = 20): Promise<BareListingServer> {
  // The same planner settings as the app's catalogue sessions (src/events/catalogue-connections.ts).
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    options: '-c enable_sort=off -c enable_bitmapscan=off -c jit=off',
  });
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bare.local');
    const answer =
      url.pathname === '/api/events'
        ? list(pool, url.searchParams)
        : url.pathname.startsWith('/api/events/')
          ? one(pool, url.pathname.slice('/api/events/'.length))
          : Promise.resolve(undefined);
    answer.then(
      (body) => (body === undefined ? send(res, 404, { statusCode: 404, code: 'NOT_FOUND' }) : send(res, 200, body)),
      (error: Error) => send(res, 500, { statusCode: 500, message: error.message }),
    );
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}

/** This process's CPU time so far (user + system), in microseconds. */
export const ownCpu = async () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** The child's side of spawnServer in bench/listing.ts: starts the server, sends its URL, answers 'cpu' with its CPU time. */
export function serveForParent(start: () => Promise<string>): void {
  process.on('message', (message) => {
    if (message === 'cpu') void ownCpu().then((cpu) => process.send!({ cpu }));
  });
  process.once('SIGTERM', () => process.exit(0));
  start().then(
    (url) => process.send!({ url }),
    (error: Error) => {
      process.send!({ error: error.stack ?? error.message });
      process.exit(1);
    },
  );
}

// Run by bench/listing.ts as a child process of its own (bench/http-adapter.ts starts it through its own script).
if (import.meta.url === pathToFileURL(process.argv[1]).href)
  serveForParent(async () => (await startBareListingServer(process.env.BENCH_DATABASE_URL!)).url);

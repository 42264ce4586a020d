/**
 * The floor the listing is measured against: a bare `node:http` + `pg` server answering GET /api/events and
 * GET /api/events/:id with the same SQL as src/events/public-event-queries.ts and byte-identical JSON, and
 * nothing else (no framework, no validation beyond what the answer needs, no middleware, no logging).
 * bench/listing.ts starts it beside the app on the same database and checks the bytes are equal first.
 * It is written out here on purpose, not imported from src: it is the yardstick, not the code measured.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import pg from 'pg';

const COLUMNS = `e.id, e.kind, e.title, e.description, e.status, e.starts_at, e.ends_at, e.time_zone, e.venue_name,
       e.capacity, e.confirmed_seats, e.max_party_size, e.registration_opens_at, e.registration_closes_at,
       e.waitlist_enabled, c.slug AS clinic_slug, c.name AS clinic_name, c.time_zone AS clinic_time_zone,
       c.address AS clinic_address`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Row {
  id: string;
  kind: string;
  title: string;
  description: string;
  status: string;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  venue_name: string | null;
  capacity: number;
  confirmed_seats: number;
  max_party_size: number;
  registration_opens_at: Date;
  registration_closes_at: Date;
  waitlist_enabled: boolean;
  clinic_slug: string;
  clinic_name: string;
  clinic_time_zone: string;
  clinic_address: unknown;
  total?: string;
}

const localIso = (instant: Date, zone: string) => DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true });

function view(row: Row, now: Date) {
  const left = Math.max(0, row.capacity - row.confirmed_seats);
  const open = row.status === 'published' && now >= row.registration_opens_at && now < row.registration_closes_at && now < row.starts_at;
  return {
    id: row.id,
    clinic: { slug: row.clinic_slug, name: row.clinic_name, timeZone: row.clinic_time_zone },
    kind: row.kind,
    title: row.title,
    description: row.description,
    status: row.status,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    timeZone: row.time_zone,
    localStartsAt: localIso(row.starts_at, row.time_zone),
    localEndsAt: localIso(row.ends_at, row.time_zone),
    venue: row.kind === 'seminar' ? { name: row.venue_name, address: row.clinic_address } : null,
    capacity: row.capacity,
    seatsLeft: left,
    maxPartySize: row.max_party_size,
    registrationOpensAt: row.registration_opens_at.toISOString(),
    registrationClosesAt: row.registration_closes_at.toISOString(),
    registrationOpen: open,
    waitlistOpen: open && row.waitlist_enabled && left === 0,
  };
}

async function list(pool: pg.Pool, params: URLSearchParams) {
  const now = new Date();
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 20);
  const values: unknown[] = [now];
  const where = [`e.status = 'published'`, 'e.ends_at > $1', 'c.archived_at IS NULL'];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    where.push(sql.replace('?', `$${values.length}`));
  };
  if (params.has('clinic')) add('c.slug = ?', params.get('clinic'));
  if (params.has('kind')) add('e.kind = ?', params.get('kind'));
  if (params.has('from')) add('e.starts_at >= ?', new Date(params.get('from')!));
  if (params.has('to')) add('e.starts_at < ?', new Date(params.get('to')!));
  values.push(pageSize, (page - 1) * pageSize);
  const { rows } = await pool.query<Row>(
    `SELECT ${COLUMNS}, count(*) OVER () AS total
       FROM events e JOIN clinics c ON c.id = e.clinic_id
      WHERE ${where.join(' AND ')}
      ORDER BY e.starts_at, e.id
      LIMIT $${values.length - 1} OFFSET $${values.length}`,
    values,
  );
  let total = rows.length > 0 ? Number(rows[0].total) : 0;
  if (rows.length === 0 && page > 1) {
    const counted = await pool.query<{ total: string }>(
      `SELECT count(*) AS total FROM events e JOIN clinics c ON c.id = e.clinic_id WHERE ${where.join(' AND ')}`,
      values.slice(0, -2),
    );
    total = Number(counted.rows[0].total);
  }
  return { items: rows.map((row) => view(row, now)), page, pageSize, total };
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
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
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

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CATALOGUE_COUNT_CAP, catalogueStatement, PIN_CATALOGUE_PLAN } from '../src/events/catalogue-page.js';
import type { ListEventsQueryDto } from '../src/events/dto/event.dto.js';
import { createClinic, type ClinicBody } from './support/booking-fixtures.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/**
 * Upcoming events of one clinic, written in SQL (the API would take minutes for thousands): published, or with
 * `mixed` one in ten a draft and one in ten completed, as bench:scale loads them.
 */
const addUpcomingEvents = (count: number, { kind = 'seminar', mixed = false } = {}) =>
  `INSERT INTO events (clinic_id, kind, title, starts_at, ends_at, time_zone, capacity, max_party_size,
                       registration_opens_at, registration_closes_at, status)
   SELECT $1::uuid, '${kind}', 'Many ' || g, now() + g * interval '1 hour', now() + g * interval '1 hour' + interval '30 minutes',
          'UTC', 10, 2, now() - interval '1 day', now() + g * interval '1 hour',
          ${mixed ? `CASE g % 10 WHEN 0 THEN 'draft' WHEN 1 THEN 'completed' ELSE 'published' END` : `'published'`}
     FROM generate_series(1, ${count}) g`;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/**
 * Issue 11: the catalogue's work must not depend on table statistics. The statement's plan is checked on copies
 * of `events` and `clinics` made inside one transaction (rolled back), so they are certainly never analysed,
 * as a freshly loaded production table may be; the bounded total is checked through the API.
 */
describe('the catalogue on many events', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicBody;
  const many = CATALOGUE_COUNT_CAP + 50;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    clinic = await createClinic(t, admin.auth);
    await t.dataSource.query(addUpcomingEvents(many), [clinic.id]);
  });
  afterAll(() => t.close());

  const list = async (query: Record<string, string | number>) =>
    (await t.http().get('/api/events').query(query).expect(200)).body;

  describe('the total is counted up to a bound, and says so', () => {
    it(`stops at ${CATALOGUE_COUNT_CAP}: totalExact false means more match`, async () => {
      const body = await list({ clinic: clinic.slug });
      expect(body).toMatchObject({ page: 1, pageSize: 20, total: CATALOGUE_COUNT_CAP, totalExact: false });
      expect(body.items).toHaveLength(20);
    });

    it('counts at least to the end of the asked page, and exactly once the end of the matches is within reach', async () => {
      expect(await list({ clinic: clinic.slug, page: 9, pageSize: 12 })).toMatchObject({
        total: 108,
        totalExact: false,
      });
      const last = await list({ clinic: clinic.slug, page: 13, pageSize: 12 });
      expect(last).toMatchObject({ total: many, totalExact: true });
      expect(last.items).toHaveLength(many - 12 * 12);
      expect(await list({ clinic: clinic.slug, kind: 'webinar' })).toMatchObject({ total: 0, totalExact: true });
    });

    it('the catalogue page says "or more" and still offers the next page', async () => {
      const html = (await t.http().get(`/clinics/${clinic.slug}`).expect(200)).text;
      const pages = Math.ceil((CATALOGUE_COUNT_CAP + 1) / 12);
      expect(html).toContain(`Page 1 of ${pages} or more`);
      expect(html).toContain(`href="/clinics/${clinic.slug}?page=2" rel="next"`);
    });
  });

  describe('the plan walks an index in the listing order and stops, on tables never analysed', () => {
    const now = new Date();
    const filters: Array<[string, (slug: string) => Partial<ListEventsQueryDto>]> = [
      ['no filter', () => ({})],
      ['clinic', (slug) => ({ clinic: slug })],
      ['kind', () => ({ kind: 'seminar' })],
      ['from and to', () => ({ from: isoSeconds(now.getTime() + 3_600_000), to: '2100-01-01T00:00:00Z' })],
      ['every filter', (slug) => ({ clinic: slug, kind: 'seminar', from: isoSeconds(now.getTime()) })],
      ['a later page', () => ({ page: 3 })],
    ];

    it.each(filters)('%s: Limit over an Index Scan of a catalogue index, no Sort below the page', async (_, filter) => {
      const queryRunner = t.dataSource.createQueryRunner();
      await queryRunner.connect();
      await queryRunner.startTransaction();
      try {
        await queryRunner.query(`CREATE SCHEMA plan_check`);
        // The same columns, checks and defaults, and every index under its own name (as the migrations made it).
        for (const table of ['clinics', 'events']) {
          await queryRunner.query(
            `CREATE TABLE plan_check.${table} (LIKE public.${table} INCLUDING ALL EXCLUDING INDEXES)`,
          );
          const indexes = await queryRunner.query(
            `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1`,
            [table],
          );
          for (const { indexdef } of indexes as Array<{ indexdef: string }>) {
            await queryRunner.query(indexdef.replace(` ON public.${table} `, ` ON plan_check.${table} `));
          }
        }
        await queryRunner.query(`SET LOCAL search_path = plan_check`);
        await queryRunner.query(`INSERT INTO clinics SELECT * FROM public.clinics WHERE id = $1`, [clinic.id]);
        // Enough rows that, unpinned, PostgreSQL's guesses sort them all (as it did on bench:scale's 10,000).
        await queryRunner.query(addUpcomingEvents(5_000, { mixed: true }), [clinic.id]);
        await queryRunner.query(addUpcomingEvents(500, { kind: 'webinar', mixed: true }), [clinic.id]);
        const analysed = await queryRunner.query(
          `SELECT count(*)::int AS n FROM pg_statistic WHERE starelid = 'plan_check.events'::regclass`,
        );
        expect(analysed[0].n).toBe(0);

        const query = { page: 1, pageSize: 20, ...filter(clinic.slug) } as ListEventsQueryDto;
        const { sql, values, countUpTo } = catalogueStatement('e.id, c.slug', query, now);
        await queryRunner.query(PIN_CATALOGUE_PLAN);
        const [{ 'QUERY PLAN': explained }] = await queryRunner.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, values);
        const root = explained[0].Plan as PlanNode;
        const nodes = nodesOf(root);

        // The only sort is the final ORDER BY of the page's own rows; nothing sorts or bitmaps the matching set.
        expect(root['Node Type']).toBe('Sort');
        expect(root['Actual Rows']).toBeLessThanOrEqual(query.pageSize);
        expect(nodes.slice(1).filter((n) => /Sort|Bitmap/.test(n['Node Type']))).toEqual([]);
        const eventScans = nodes.filter((n) => n['Relation Name'] === 'events');
        expect(eventScans.map((n) => [n['Node Type'], n['Index Name']?.startsWith('ix_events_catalogue')])).toEqual([
          ['Index Scan', true],
          ['Index Scan', true],
        ]);
        // Each walk stops: after the page (offset + page size) or after the bounded count's countUpTo + 1 rows.
        for (const scan of eventScans) {
          expect(scan['Actual Rows'] * scan['Actual Loops']).toBeLessThanOrEqual(countUpTo + 1);
        }
        expect(nodes.some((n) => n['Node Type'] === 'Limit')).toBe(true);
      } finally {
        await queryRunner.rollbackTransaction();
        await queryRunner.release();
      }
    });
  });
});

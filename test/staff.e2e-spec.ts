import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sampleClinic, signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

const PASSWORD = 'a long enough password';

let emailCounter = 0;
const newEmail = () => `person${++emailCounter}-${Math.random().toString(36).slice(2, 8)}@staff.test`;

function fieldsOf(body: { details?: { fields?: { field: string }[] } }): string[] {
  return (body.details?.fields ?? []).map((f) => f.field);
}

describe('staff accounts', () => {
  let t: TestApp;
  let admin: SignedIn;
  let chicago: { id: string; slug: string };
  let lisbon: { id: string; slug: string };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    const created = await Promise.all(
      [sampleClinic(), sampleClinic({ name: 'Baixa Clinic', timeZone: 'Europe/Lisbon' })].map((clinic) =>
        t.http().post('/api/admin/clinics').set(admin.auth).send(clinic).expect(201),
      ),
    );
    [chicago, lisbon] = created.map((response) => ({ id: response.body.id, slug: response.body.slug }));
  });
  afterAll(() => t.close());

  const createStaff = (body: Record<string, unknown>) => t.http().post('/api/admin/staff').set(admin.auth).send(body);

  describe('admins create, list, read and update staff accounts', () => {
    it('creates an account with a normalised e-mail, assigned to clinics, that can sign in', async () => {
      const email = newEmail();
      const created = await createStaff({
        email: `  ${email.toUpperCase()} `,
        name: 'Dana Reyes',
        role: 'staff',
        password: PASSWORD,
        clinicIds: [lisbon.id, chicago.id],
      }).expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        email,
        name: 'Dana Reyes',
        role: 'staff',
        disabled: false,
        clinicIds: [chicago.id, lisbon.id].sort(),
      });
      await t.http().post('/api/auth/login').send({ email, password: PASSWORD }).expect(200);
    });

    it('lists every account and reads one by id', async () => {
      const created = await createStaff({
        email: newEmail(),
        name: 'Listed Person',
        role: 'staff',
        password: PASSWORD,
      }).expect(201);
      const list = await t.http().get('/api/admin/staff').set(admin.auth).expect(200);
      expect(list.body).toEqual(
        expect.arrayContaining([created.body, expect.objectContaining({ id: admin.id, role: 'admin' })]),
      );
      const emails = list.body.map((u: { email: string }) => u.email);
      expect(emails).toEqual([...emails].sort());

      const one = await t.http().get(`/api/admin/staff/${created.body.id}`).set(admin.auth).expect(200);
      expect(one.body).toEqual(created.body);
    });

    it('updates name, role and clinic assignments; clinicIds replaces the whole set', async () => {
      const created = await createStaff({
        email: newEmail(),
        name: 'Old Name',
        role: 'staff',
        password: PASSWORD,
        clinicIds: [chicago.id],
      }).expect(201);
      const id = created.body.id as string;

      const renamed = await t
        .http()
        .patch(`/api/admin/staff/${id}`)
        .set(admin.auth)
        .send({ name: 'New Name', clinicIds: [lisbon.id] })
        .expect(200);
      expect(renamed.body).toMatchObject({ name: 'New Name', role: 'staff', clinicIds: [lisbon.id] });

      const both = await t
        .http()
        .patch(`/api/admin/staff/${id}`)
        .set(admin.auth)
        .send({ clinicIds: [chicago.id, lisbon.id] })
        .expect(200);
      expect(both.body.clinicIds).toEqual([chicago.id, lisbon.id].sort());
      const chicagoStaff = await t.http().get(`/api/clinics/${chicago.slug}/staff`).set(admin.auth).expect(200);
      expect(chicagoStaff.body.find((u: { id: string }) => u.id === id)).toEqual(both.body);

      const none = await t.http().patch(`/api/admin/staff/${id}`).set(admin.auth).send({ clinicIds: [] }).expect(200);
      expect(none.body.clinicIds).toEqual([]);
      const afterRemoval = await t.http().get(`/api/clinics/${chicago.slug}/staff`).set(admin.auth).expect(200);
      expect(afterRemoval.body.map((u: { id: string }) => u.id)).not.toContain(id);

      const promoted = await t
        .http()
        .patch(`/api/admin/staff/${id}`)
        .set(admin.auth)
        .send({ role: 'admin' })
        .expect(200);
      expect(promoted.body.role).toBe('admin');
      const read = await t.http().get(`/api/admin/staff/${id}`).set(admin.auth).expect(200);
      expect(read.body).toEqual(promoted.body);
    });

    it('a new password replaces the old one', async () => {
      const email = newEmail();
      const created = await createStaff({ email, name: 'Pat', role: 'staff', password: PASSWORD }).expect(201);
      await t
        .http()
        .patch(`/api/admin/staff/${created.body.id}`)
        .set(admin.auth)
        .send({ password: 'another long password' })
        .expect(200);
      await t.http().post('/api/auth/login').send({ email, password: PASSWORD }).expect(401);
      await t.http().post('/api/auth/login').send({ email, password: 'another long password' }).expect(200);
    });

    it('an unknown id is 404 NOT_FOUND, and so is an id that is no UUID (it cannot name anything)', async () => {
      const missing = await t
        .http()
        .get('/api/admin/staff/7b0e4a52-1d8a-4c1e-9f43-2d6a3c1b9e70')
        .set(admin.auth)
        .expect(404);
      expect(missing.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: expect.any(String) });
      await t
        .http()
        .patch('/api/admin/staff/7b0e4a52-1d8a-4c1e-9f43-2d6a3c1b9e70')
        .set(admin.auth)
        .send({ name: 'x' })
        .expect(404);
      const malformed = await t.http().get('/api/admin/staff/42').set(admin.auth).expect(404);
      expect(malformed.body.code).toBe('NOT_FOUND');
    });
  });

  describe('an e-mail belongs to one account', () => {
    it('a duplicate e-mail is 409 STAFF_EMAIL_TAKEN, whatever its case', async () => {
      const email = newEmail();
      await createStaff({ email, name: 'First', role: 'staff', password: PASSWORD }).expect(201);
      const again = await createStaff({
        email: email.toUpperCase(),
        name: 'Second',
        role: 'admin',
        password: PASSWORD,
      }).expect(409);
      expect(again.body).toEqual({ statusCode: 409, code: 'STAFF_EMAIL_TAKEN', message: expect.any(String) });
      const list = await t.http().get('/api/admin/staff').set(admin.auth).expect(200);
      expect(list.body.filter((u: { email: string }) => u.email === email)).toHaveLength(1);
    });
  });

  describe('clinic assignments must name existing clinics', () => {
    it('an unknown clinic id is 400 VALIDATION_FAILED naming clinicIds, and no account is created', async () => {
      const email = newEmail();
      const response = await createStaff({
        email,
        name: 'Nobody',
        role: 'staff',
        password: PASSWORD,
        clinicIds: [chicago.id, '7b0e4a52-1d8a-4c1e-9f43-2d6a3c1b9e70'],
      }).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(response.body)).toEqual(['clinicIds']);
      const list = await t.http().get('/api/admin/staff').set(admin.auth).expect(200);
      expect(list.body.map((u: { email: string }) => u.email)).not.toContain(email);
    });

    it('an unknown clinic id on update is a 400 and leaves the assignments as they were', async () => {
      const created = await createStaff({
        email: newEmail(),
        name: 'Kept',
        role: 'staff',
        password: PASSWORD,
        clinicIds: [chicago.id],
      }).expect(201);
      const response = await t
        .http()
        .patch(`/api/admin/staff/${created.body.id}`)
        .set(admin.auth)
        .send({ clinicIds: ['7b0e4a52-1d8a-4c1e-9f43-2d6a3c1b9e70'] })
        .expect(400);
      expect(fieldsOf(response.body)).toEqual(['clinicIds']);
      const read = await t.http().get(`/api/admin/staff/${created.body.id}`).set(admin.auth).expect(200);
      expect(read.body.clinicIds).toEqual([chicago.id]);
    });

    it('a clinic id that is not a UUID is 400 VALIDATION_FAILED naming clinicIds', async () => {
      const response = await createStaff({
        email: newEmail(),
        name: 'X',
        role: 'staff',
        password: PASSWORD,
        clinicIds: ['chicago'],
      }).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(response.body)).toContain('clinicIds');
    });
  });

  describe('request bodies are validated field by field', () => {
    it.each([
      ['a weak password', { password: 'short' }, 'password'],
      ['a bad e-mail', { email: 'not-an-email' }, 'email'],
      ['an unknown role', { role: 'owner' }, 'role'],
      ['an empty name', { name: '' }, 'name'],
      ['an unknown field', { passwordHash: '$argon2id$v=19$...' }, 'passwordHash'],
    ])('%s is 400 VALIDATION_FAILED naming the field', async (_name, override, field) => {
      const response = await createStaff({
        email: newEmail(),
        name: 'Valid Name',
        role: 'staff',
        password: PASSWORD,
        ...override,
      }).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(response.body)).toEqual([field]);
      expect(response.body.message).toMatch(field);
    });

    it('a weak password on update is 400 VALIDATION_FAILED naming password', async () => {
      const created = await createStaff({ email: newEmail(), name: 'Weak', role: 'staff', password: PASSWORD }).expect(
        201,
      );
      const response = await t
        .http()
        .patch(`/api/admin/staff/${created.body.id}`)
        .set(admin.auth)
        .send({ password: 'abc' })
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(response.body)).toEqual(['password']);
    });
  });

  describe('an admin cannot lock itself out', () => {
    it('disabling or demoting its own account is 409 CANNOT_DEMOTE_SELF and changes nothing', async () => {
      const self = await signInNewUser(t, 'admin');
      const disable = await t
        .http()
        .patch(`/api/admin/staff/${self.id}`)
        .set(self.auth)
        .send({ disabled: true })
        .expect(409);
      expect(disable.body).toEqual({ statusCode: 409, code: 'CANNOT_DEMOTE_SELF', message: expect.any(String) });
      await t
        .http()
        .patch(`/api/admin/staff/${self.id}`)
        .set(self.auth)
        .send({ role: 'staff', name: 'Renamed' })
        .expect(409);

      const me = await t.http().get('/api/auth/me').set(self.auth).expect(200);
      expect(me.body).toMatchObject({ role: 'admin', disabled: false });
      expect(me.body.name).not.toBe('Renamed');
      await t.http().patch(`/api/admin/staff/${self.id}`).set(self.auth).send({ name: 'Renamed' }).expect(200);
    });
  });

  describe('passwords are stored only as argon2id hashes', () => {
    it('password_hash is an argon2id hash and the password itself appears in no table', async () => {
      const password = `plain-text-canary-${Math.random().toString(36).slice(2)}`;
      const created = await createStaff({
        email: newEmail(),
        name: 'Hashed',
        role: 'staff',
        password,
        clinicIds: [chicago.id],
      }).expect(201);
      const newPassword = `${password}-changed`;
      const other = await createStaff({ email: newEmail(), name: 'Changed', role: 'staff', password: PASSWORD }).expect(
        201,
      );
      await t
        .http()
        .patch(`/api/admin/staff/${other.body.id}`)
        .set(admin.auth)
        .send({ password: newPassword })
        .expect(200);

      const rows: { id: string; password_hash: string }[] = await t.dataSource.query(
        'SELECT id, password_hash FROM staff_users WHERE id = ANY($1)',
        [[created.body.id, other.body.id]],
      );
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$[^$]*m=\d+[^$]*\$[^$]+\$[^$]+$/);
      expect(rows[0].password_hash).not.toBe(rows[1].password_hash);

      const tables: { table_name: string }[] = await t.dataSource.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
      );
      for (const { table_name } of tables) {
        const dump: { row: string }[] = await t.dataSource.query(`SELECT t::text AS row FROM "${table_name}" t`);
        const text = dump.map((d) => d.row).join('\n');
        expect(text).not.toContain(password);
      }
    });
  });

  describe('responses never contain the password hash', () => {
    it('create, list, read, update, /auth/me and the clinic staff list carry no hash', async () => {
      const email = newEmail();
      const created = await createStaff({
        email,
        name: 'Private',
        role: 'staff',
        password: PASSWORD,
        clinicIds: [chicago.id],
      }).expect(201);
      const id = created.body.id as string;
      const login = await t.http().post('/api/auth/login').send({ email, password: PASSWORD }).expect(200);
      const responses = [
        created,
        await t.http().get('/api/admin/staff').set(admin.auth).expect(200),
        await t.http().get(`/api/admin/staff/${id}`).set(admin.auth).expect(200),
        await t
          .http()
          .patch(`/api/admin/staff/${id}`)
          .set(admin.auth)
          .send({ password: 'yet another long password' })
          .expect(200),
        await t.http().get('/api/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200),
        await t.http().get(`/api/clinics/${chicago.slug}/staff`).set(admin.auth).expect(200),
        login,
      ];
      for (const response of responses) {
        expect(response.text).not.toMatch(/passwordHash|password_hash|\$argon2/);
        expect(response.text).not.toContain(PASSWORD);
      }
    });
  });

  describe('staff accounts are for admins only', () => {
    it('a staff user is 403 on every /admin/staff route', async () => {
      const staff = await signInNewUser(t, 'staff', [chicago.id]);
      await t.http().get('/api/admin/staff').set(staff.auth).expect(403);
      await t.http().get(`/api/admin/staff/${staff.id}`).set(staff.auth).expect(403);
      await t.http().patch(`/api/admin/staff/${staff.id}`).set(staff.auth).send({ role: 'admin' }).expect(403);
      await t
        .http()
        .post('/api/admin/staff')
        .set(staff.auth)
        .send({ email: newEmail(), name: 'X', role: 'admin', password: PASSWORD })
        .expect(403);
      const me = await t.http().get('/api/auth/me').set(staff.auth).expect(200);
      expect(me.body.role).toBe('staff');
    });
  });
});

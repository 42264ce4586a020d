import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { StaffService } from '../src/staff/staff.service.js';
import { sampleClinic, signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

const PASSWORD = 'correct horse battery staple';

function decodeClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('auth', () => {
  let t: TestApp;
  let admin: SignedIn;
  let jwt: JwtService;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    jwt = t.app.get(JwtService);
  });
  afterAll(() => t.close());

  async function createAccount(role: 'admin' | 'staff', clinicIds: string[] = []) {
    const email = `${role}-${Math.random().toString(36).slice(2, 10)}@staff.test`;
    const user = await t.app
      .get(StaffService)
      .create({ email, name: `A ${role}`, role, password: PASSWORD, clinicIds });
    return { id: user.id, email };
  }

  async function createClinic(): Promise<{ id: string; slug: string }> {
    const response = await t.http().post('/api/admin/clinics').set(admin.auth).send(sampleClinic()).expect(201);
    return { id: response.body.id, slug: response.body.slug };
  }

  describe('signing in', () => {
    it('the right e-mail and password return a bearer JWT for that account, valid for the configured time', async () => {
      const { id, email } = await createAccount('staff');
      const response = await t.http().post('/api/auth/login').send({ email, password: PASSWORD }).expect(200);

      expect(response.body).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: t.config.jwt.ttlSeconds,
      });
      expect(response.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const claims = decodeClaims(response.body.accessToken);
      expect(claims).toMatchObject({ sub: id, role: 'staff' });
      expect(Number(claims.exp) - Number(claims.iat)).toBe(t.config.jwt.ttlSeconds);

      await t.http().get('/api/auth/me').set('Authorization', `Bearer ${response.body.accessToken}`).expect(200);
    });

    it('the e-mail is matched whatever its case and surrounding spaces', async () => {
      const { email } = await createAccount('staff');
      await t
        .http()
        .post('/api/auth/login')
        .send({ email: `  ${email.toUpperCase()} `, password: PASSWORD })
        .expect(200);
    });

    it('a wrong password is 401 INVALID_CREDENTIALS', async () => {
      const { email } = await createAccount('staff');
      const response = await t
        .http()
        .post('/api/auth/login')
        .send({ email, password: `${PASSWORD}!` })
        .expect(401);
      expect(response.body).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: expect.any(String) });
    });

    it('an unknown e-mail is 401 with exactly the same body as a wrong password', async () => {
      const { email } = await createAccount('staff');
      const wrongPassword = await t
        .http()
        .post('/api/auth/login')
        .send({ email, password: 'not the password at all' })
        .expect(401);
      const unknownEmail = await t
        .http()
        .post('/api/auth/login')
        .send({ email: 'nobody-here@staff.test', password: PASSWORD })
        .expect(401);
      expect(unknownEmail.body).toEqual(wrongPassword.body);
    });

    it('a request that is not an e-mail and a password is 400 VALIDATION_FAILED', async () => {
      const response = await t.http().post('/api/auth/login').send({ email: 'not-an-email' }).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.details.fields.map((f: { field: string }) => f.field)).toEqual(
        expect.arrayContaining(['email', 'password']),
      );
    });
  });

  describe('every route that is not public needs a valid token', () => {
    it('no token on a protected route is 401 UNAUTHENTICATED', async () => {
      const response = await t.http().get('/api/admin/staff').expect(401);
      expect(response.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: expect.any(String) });
      await t.http().get('/api/auth/me').expect(401);
    });

    it('an Authorization header that is not a bearer token is 401 UNAUTHENTICATED', async () => {
      const response = await t.http().get('/api/auth/me').set('Authorization', 'Basic YWRtaW46YWRtaW4=').expect(401);
      expect(response.body.code).toBe('UNAUTHENTICATED');
    });

    it('an expired token is 401, even though its signature is right', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = await jwt.signAsync({ sub: admin.id, role: 'admin', iat: now - 3600, exp: now - 60 });
      const response = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${expired}`).expect(401);
      expect(response.body).toEqual({ statusCode: 401, code: 'INVALID_TOKEN', message: expect.any(String) });
    });

    it('a tampered token is 401: changed claims, another secret, or no signature', async () => {
      const staff = await signInNewUser(t, 'staff');
      const [header, , signature] = staff.token.split('.');
      const claims = decodeClaims(staff.token);
      const promoted = `${header}.${base64url({ ...claims, sub: admin.id, role: 'admin' })}.${signature}`;
      const otherSecret = await new JwtService({ secret: 'a-different-secret-that-is-also-long-enough' }).signAsync({
        sub: admin.id,
        role: 'admin',
      });
      const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: admin.id, role: 'admin' })}.`;
      const truncated = staff.token.slice(0, -4);

      for (const token of [promoted, otherSecret, unsigned, truncated, 'not-a-jwt']) {
        const response = await t.http().get('/api/admin/staff').set('Authorization', `Bearer ${token}`).expect(401);
        expect(response.body.code).toBe('INVALID_TOKEN');
      }
    });

    it('a correctly signed token whose subject is no account is 401', async () => {
      for (const sub of ['7b0e4a52-1d8a-4c1e-9f43-2d6a3c1b9e70', 'not-a-uuid', '']) {
        const token = await jwt.signAsync({ sub, role: 'admin' }, { expiresIn: 60 });
        const response = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
        expect(response.body.code).toBe('INVALID_TOKEN');
      }
    });
  });

  describe('admin-only routes refuse staff', () => {
    it('a staff user creating a clinic is 403 ADMIN_ONLY, and nothing is created', async () => {
      const staff = await signInNewUser(t, 'staff');
      const clinic = sampleClinic();
      const response = await t.http().post('/api/admin/clinics').set(staff.auth).send(clinic).expect(403);
      expect(response.body).toEqual({ statusCode: 403, code: 'ADMIN_ONLY', message: expect.any(String) });
      await t.http().get(`/api/clinics/${clinic.slug}`).expect(404);
    });

    it('a staff user cannot list or create staff accounts', async () => {
      const staff = await signInNewUser(t, 'staff');
      await t.http().get('/api/admin/staff').set(staff.auth).expect(403);
      await t
        .http()
        .post('/api/admin/staff')
        .set(staff.auth)
        .send({ email: 'x@staff.test', name: 'X', role: 'admin', password: PASSWORD })
        .expect(403);
    });
  });

  describe('staff see only their own clinics', () => {
    it("staff of clinic A read A's staff list (200) but not B's (403 CLINIC_ACCESS_DENIED); admins read both", async () => {
      const a = await createClinic();
      const b = await createClinic();
      const staffOfA = await signInNewUser(t, 'staff', [a.id]);
      const staffOfB = await signInNewUser(t, 'staff', [b.id]);

      const own = await t.http().get(`/api/clinics/${a.slug}/staff`).set(staffOfA.auth).expect(200);
      expect(own.body.map((u: { id: string }) => u.id)).toEqual([staffOfA.id]);

      const other = await t.http().get(`/api/clinics/${b.slug}/staff`).set(staffOfA.auth).expect(403);
      expect(other.body).toEqual({ statusCode: 403, code: 'CLINIC_ACCESS_DENIED', message: expect.any(String) });

      const asAdmin = await t.http().get(`/api/clinics/${b.slug}/staff`).set(admin.auth).expect(200);
      expect(asAdmin.body.map((u: { id: string }) => u.id)).toEqual([staffOfB.id]);
      await t.http().get(`/api/clinics/${a.slug}/staff`).expect(401);
    });

    it('a new clinic assignment takes effect on the existing token', async () => {
      const a = await createClinic();
      const staff = await signInNewUser(t, 'staff');
      await t.http().get(`/api/clinics/${a.slug}/staff`).set(staff.auth).expect(403);
      await t
        .http()
        .patch(`/api/admin/staff/${staff.id}`)
        .set(admin.auth)
        .send({ clinicIds: [a.id] })
        .expect(200);
      await t.http().get(`/api/clinics/${a.slug}/staff`).set(staff.auth).expect(200);
    });
  });

  describe('the account is read again on every request', () => {
    it("disabling a user stops that user's existing token at once, and re-enabling restores it", async () => {
      const { id, email } = await createAccount('staff');
      const login = await t.http().post('/api/auth/login').send({ email, password: PASSWORD }).expect(200);
      const auth = { Authorization: `Bearer ${login.body.accessToken}` };
      await t.http().get('/api/auth/me').set(auth).expect(200);

      const disabled = await t
        .http()
        .patch(`/api/admin/staff/${id}`)
        .set(admin.auth)
        .send({ disabled: true })
        .expect(200);
      expect(disabled.body.disabled).toBe(true);
      const refused = await t.http().get('/api/auth/me').set(auth).expect(401);
      expect(refused.body.code).toBe('INVALID_TOKEN');
      const signIn = await t.http().post('/api/auth/login').send({ email, password: PASSWORD }).expect(401);
      expect(signIn.body.code).toBe('INVALID_CREDENTIALS');

      await t.http().patch(`/api/admin/staff/${id}`).set(admin.auth).send({ disabled: false }).expect(200);
      await t.http().get('/api/auth/me').set(auth).expect(200);
      await t.http().post('/api/auth/login').send({ email, password: PASSWORD }).expect(200);
    });

    it("demoting an admin to staff removes the admin's rights on the existing token", async () => {
      const other = await signInNewUser(t, 'admin');
      await t.http().get('/api/admin/staff').set(other.auth).expect(200);
      await t.http().patch(`/api/admin/staff/${other.id}`).set(admin.auth).send({ role: 'staff' }).expect(200);
      await t.http().get('/api/admin/staff').set(other.auth).expect(403);
    });
  });

  describe('/api/auth/me', () => {
    it('returns the signed-in account without any secret', async () => {
      const clinic = await createClinic();
      const staff = await signInNewUser(t, 'staff', [clinic.id]);
      const response = await t.http().get('/api/auth/me').set(staff.auth).expect(200);
      expect(response.body).toEqual({
        id: staff.id,
        email: expect.stringMatching(/@staff\.test$/),
        name: expect.any(String),
        role: 'staff',
        disabled: false,
        clinicIds: [clinic.id],
        clinics: [{ id: clinic.id, slug: clinic.slug, name: 'Lakeside Back Clinic' }],
      });
      expect(JSON.stringify(response.body)).not.toMatch(/password|argon2/i);
    });
  });
});

import type { INestApplicationContext } from '@nestjs/common';
import { PasswordHasher } from '../common/auth/password-hasher.js';
import { StaffService } from '../staff/staff.service.js';
import { DEMO_ADMIN, DEMO_STAFF, type DemoCredentials } from './demo-data.service.js';

/**
 * The demo accounts that sign in with their well-known password on this database, whether seeded now or on
 * an earlier start: the start-up banner lists them. An account whose password was changed, or that was
 * disabled or removed, is left out, so the banner never offers a sign-in that fails.
 */
export async function workingDemoSignIns(app: INestApplicationContext): Promise<DemoCredentials[]> {
  const staff = app.get(StaffService);
  const hasher = app.get(PasswordHasher);
  const working: DemoCredentials[] = [];
  for (const account of [DEMO_ADMIN, DEMO_STAFF]) {
    const user = await staff.findForLogin(account.email);
    if (user?.passwordHash && (await hasher.verify(user.passwordHash, account.password))) working.push(account);
  }
  return working;
}

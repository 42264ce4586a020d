import { describe, expect, it } from '@jest/globals';
import { demoSignInLines, startBannerRecord, startBannerText } from './start-banner.js';

const DEMO = [
  { role: 'admin', email: 'admin@demo.example', password: 'demo-admin-password' },
  { role: 'staff', email: 'staff.longer@demo.example', password: 'demo-staff-password' },
];
const facts = {
  baseUrl: 'http://localhost:3000',
  database: 'embedded PostgreSQL in ./.data/postgres (port 54329)',
  demoSignIns: DEMO,
};

describe('the start-up banner', () => {
  it('names the pages, the back-office sign-in, the API docs, health and the database, one per line', () => {
    const lines = startBannerText({ ...facts, demoSignIns: [] }).split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '  Pages          http://localhost:3000/',
        '  Staff sign-in  http://localhost:3000/staff/sign-in',
        '  API docs       http://localhost:3000/docs',
        '  Health         http://localhost:3000/health',
        '  Database       embedded PostgreSQL in ./.data/postgres (port 54329)',
      ]),
    );
    expect(lines.length).toBeLessThan(12);
  });

  it('lists the demo sign-ins only when there are some, one aligned line each', () => {
    expect(startBannerText({ ...facts, demoSignIns: [] })).not.toMatch(/demo|password/i);
    expect(demoSignInLines([])).toEqual([]);
    const text = startBannerText(facts);
    expect(text).toContain('  admin  admin@demo.example         password: demo-admin-password\n');
    expect(text).toContain('  staff  staff.longer@demo.example  password: demo-staff-password\n');
  });

  it('as a log record carries the same addresses and the demo e-mails, never a password', () => {
    const record = startBannerRecord(facts);
    expect(record).toEqual({
      message: 'Ready at http://localhost:3000/',
      pages: 'http://localhost:3000/',
      staffSignIn: 'http://localhost:3000/staff/sign-in',
      docs: 'http://localhost:3000/docs',
      health: 'http://localhost:3000/health',
      database: facts.database,
      demoSignIns: [
        { role: 'admin', email: 'admin@demo.example' },
        { role: 'staff', email: 'staff.longer@demo.example' },
      ],
    });
    expect(JSON.stringify(record)).not.toContain('password');
  });
});

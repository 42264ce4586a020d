import { describe, expect, it } from '@jest/globals';
import { attendeesCsv, neutraliseFormula } from './attendee-export.js';
import type { Reservation } from '../reservation.entity.js';

const reservation = (overrides: Partial<Reservation>): Reservation =>
  ({
    id: 'r',
    confirmationCode: 'ABC-DEFG',
    status: 'confirmed',
    name: 'Ana Souza',
    email: 'ana@example.com',
    phone: null,
    partySize: 1,
    source: 'web',
    checkedInAt: null,
    createdAt: new Date('2026-11-01T10:00:00Z'),
    queueNumber: '1',
    ...overrides,
  }) as Reservation;

describe('attendee list export', () => {
  it('lists confirmed attendees first, then the waiting list with positions, with a header row', () => {
    const csv = attendeesCsv([
      reservation({ status: 'waitlisted', name: 'Later', confirmationCode: 'W11-1111' }),
      reservation({ name: 'First', partySize: 2 }),
      reservation({ status: 'cancelled', name: 'Gone' }),
    ]);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      'confirmation_code,status,waitlist_position,name,email,phone,party_size,source,checked_in_at,reserved_at',
    );
    expect(lines[1]).toContain(',confirmed,,First,');
    expect(lines[2]).toContain('W11-1111,waitlisted,1,Later,');
    expect(csv).not.toContain('Gone');
  });

  it('quotes commas, quotes and line breaks in names', () => {
    const csv = attendeesCsv([reservation({ name: 'Smith, "Jo"\nJr' })]);
    expect(csv).toContain('"Smith, ""Jo""\nJr"');
  });

  it('keeps spreadsheet formulas from running', () => {
    expect(neutraliseFormula('=HYPERLINK("http://evil")')).toBe(`'=HYPERLINK("http://evil")`);
    expect(neutraliseFormula('+1 312 555')).toBe(`'+1 312 555`);
    expect(neutraliseFormula('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(neutraliseFormula('Ana')).toBe('Ana');
  });
});

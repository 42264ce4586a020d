import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../../config/app-config.js';
import { ReservationLinks } from './reservation-links.js';

const config = (secret: string) =>
  ({ jwt: { secret }, publicBaseUrl: 'https://seminars.example' }) as unknown as AppConfig;

describe('single-purpose reservation links (join, reconfirm, offer)', () => {
  const links = new ReservationLinks(config('a'.repeat(40)));
  const id = randomUUID();
  const nonce = 'f'.repeat(32);

  it('names the reservation and verifies for its purpose, id and nonce only', () => {
    const token = links.tokenFor('join', id, nonce);
    expect(token).toMatch(/^[A-Za-z0-9_-]{65}$/);
    expect(links.reservationIdOf(token)).toBe(id);
    expect(links.verify('join', token, id, nonce)).toBe(true);
    expect(links.verify('reconfirm', token, id, nonce)).toBe(false);
    expect(links.verify('join', token, id, 'e'.repeat(32))).toBe(false);
    expect(links.verify('join', token, randomUUID(), nonce)).toBe(false);
  });

  it('differs per purpose and per server secret', () => {
    const other = new ReservationLinks(config('b'.repeat(40)));
    const purposes = ['join', 'reconfirm', 'offer'] as const;
    const tokens = new Set(purposes.map((purpose) => links.tokenFor(purpose, id, nonce)));
    expect(tokens.size).toBe(3);
    expect(other.verify('join', links.tokenFor('join', id, nonce), id, nonce)).toBe(false);
  });

  it('gives the link on the public base URL', () => {
    expect(links.urlFor('reconfirm', id, nonce)).toBe(
      `https://seminars.example/reconfirm/${links.tokenFor('reconfirm', id, nonce)}`,
    );
  });

  it('reads no id from anything that is not one of its tokens', () => {
    const token = links.tokenFor('offer', id, nonce);
    for (const bad of ['', 'x', token.slice(1), `${token}A`, token.replace(/^./, '*'), '../../etc/passwd'])
      expect(links.reservationIdOf(bad)).toBeNull();
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(links.verify('offer', tampered, id, nonce)).toBe(false);
  });
});

import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ManageTokens } from '../../common/crypto/manage-tokens.js';
import { ReservationLinks } from '../../common/crypto/reservation-links.js';
import type { AppConfig } from '../../config/app-config.js';
import type { MessageContext } from '../notification-context.js';
import { reviveContext, storeContext, storeEvent } from './stored-context.js';

const config = { jwt: { secret: 'x'.repeat(40) }, publicBaseUrl: 'https://seminars.example' } as unknown as AppConfig;
const tokens = new ManageTokens(config);
const links = new ReservationLinks(config);
const RAW = 'https://meet.example/j/123?pwd=SeCrEt';

function webinarContext(nonce?: string): MessageContext {
  const id = randomUUID();
  return {
    clinic: {
      name: 'Lakeside',
      organizerEmail: 'seminars@lakeside.example',
      address: { line1: '1 Main St', city: 'Chicago', postalCode: '60601', country: 'US' },
      phone: '+1 312 555 0100',
      timeZone: 'America/Chicago',
    },
    event: {
      id: randomUUID(),
      kind: 'webinar',
      title: 'Desk posture',
      startsAt: new Date('2026-12-06T18:00:00Z'),
      endsAt: new Date('2026-12-06T19:00:00Z'),
      timeZone: 'America/Chicago',
      joinUrl: nonce ? links.urlFor('join', id, nonce) : RAW,
      sequence: 0,
    },
    reservation: {
      id,
      name: 'Ada',
      email: 'ada@guest.example',
      partySize: 1,
      confirmationCode: 'K7Q',
      status: 'confirmed',
    },
    manageUrl: nonce ? tokens.manageUrl(tokens.tokenFor(id, nonce)) : 'https://seminars.example/manage/x',
    ...(nonce ? { manageTokenNonce: nonce } : {}),
  };
}

describe('outbox payloads and personal join links (issue 9)', () => {
  it('stores no link that holds a token, and derives both again when read', () => {
    const nonce = 'a'.repeat(32);
    const context = webinarContext(nonce);
    const stored = storeContext(context);
    const json = JSON.stringify(stored);
    expect(stored.manageUrl).toBe('');
    expect(stored.event.joinUrl).toBeNull();
    expect(json).not.toContain('/join/');
    expect(json).not.toContain('/manage/');
    const revived = reviveContext(JSON.parse(json), tokens, links);
    expect(revived.event.joinUrl).toBe(context.event.joinUrl);
    expect(revived.manageUrl).toBe(context.manageUrl);
    expect(revived.event.startsAt).toEqual(context.event.startsAt);
  });

  it("gives the personal link also for a payload that kept the meeting's URL (queued before, or a moved reminder)", () => {
    const nonce = 'b'.repeat(32);
    const context = webinarContext(nonce);
    const stored = { ...storeContext(context), event: storeEvent({ ...context.event, joinUrl: RAW }) };
    const revived = reviveContext(stored, tokens, links);
    expect(revived.event.joinUrl).toBe(links.urlFor('join', context.reservation.id, nonce));
    expect(revived.event.joinUrl).not.toContain('meet.example');
  });

  it('keeps the given links of a context without a nonce', () => {
    const context = webinarContext();
    const revived = reviveContext(storeContext(context), tokens, links);
    expect(revived.event.joinUrl).toBe(RAW);
    expect(revived.manageUrl).toBe(context.manageUrl);
  });
});

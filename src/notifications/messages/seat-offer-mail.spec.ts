import { describe, expect, it } from '@jest/globals';
import type { ManageTokens } from '../../common/crypto/manage-tokens.js';
import type { ReservationLinks } from '../../common/crypto/reservation-links.js';
import { lisbonContext, plainSpaces, sampleContext } from '../../../test/support/notification-fixtures.js';
import { reviveContext, storeContext } from '../outbox/stored-context.js';
import { composeMessage } from './compose-message.js';

const OFFER_URL = 'http://booking.test/offer/abc123';
// 20:00 UTC on 9 March 2026 is 3:00 PM in Chicago (CDT), and 20:00 in Lisbon.
const offer = { expiresAt: '2026-03-09T20:00:00.000Z', url: OFFER_URL };

describe("issue 9: a late seat offer's e-mail", () => {
  it('has the accept link as its one button and the deadline in the event’s zone; no invite, no join link', () => {
    const message = composeMessage('seat-offer', { ...sampleContext({ reservation: { status: 'offered' } }), offer });
    expect(message.subject).toBe('A seat is free for you: Healthy backs at work, Monday, March 9, 2026');
    const text = plainSpaces(message.text);
    expect(text).toContain('please accept by Mar 9, 2026, 3:00 PM (Central Time)');
    expect(text).toContain(`Accept my seat: ${OFFER_URL}`);
    expect(message.html).toMatch(
      /<a class="button-link" href="http:\/\/booking\.test\/offer\/abc123"[^>]*>Accept my seat</,
    );
    expect(message.html.match(/class="button-link"/g)).toHaveLength(1);
    expect(message.invite).toBeUndefined();
    expect(message.inlineImages).toBeUndefined();
  });

  it('speaks the clinic’s language', () => {
    const message = composeMessage('seat-offer', { ...lisbonContext({ reservation: { status: 'offered' } }), offer });
    expect(plainSpaces(message.text)).toContain('Aceitar o meu lugar: http://booking.test/offer/abc123');
    expect(plainSpaces(message.text)).toMatch(/aceite, por favor, até 09\/03\/2026, 20:00 \(/);
  });

  it.each([
    ['already-reserved', 'A seat is held for you until Mar 9, 2026, 3:00 PM (Central Time)'],
    ['event-changed', 'The seat held for you is kept until Mar 9, 2026, 3:00 PM (Central Time)'],
  ] as const)('%s to someone holding an offer speaks of the offer, not of a waiting list', (kind, sentence) => {
    const message = composeMessage(kind, { ...sampleContext({ reservation: { status: 'offered' } }), offer });
    expect(plainSpaces(message.text)).toContain(sentence);
    expect(message.text).not.toMatch(/waiting list is kept|You are on the waiting list/);
    expect(message.invite).toBeUndefined();
  });

  it('a lapsed offer says so, with neither a button nor an invite', () => {
    const message = composeMessage('offer-lapsed', sampleContext({ reservation: { status: 'cancelled' } }));
    expect(message.subject).toBe('Seat offer lapsed: Healthy backs at work, Monday, March 9, 2026');
    expect(message.html).not.toContain('class="button-link"');
    expect(message.invite).toBeUndefined();
  });

  it('the outbox stores the deadline but not the link; the link is derived again when sent', () => {
    const context = {
      ...sampleContext({ reservation: { status: 'offered' } }),
      offer,
      manageTokenNonce: 'n'.repeat(32),
    };
    const stored = storeContext(context);
    expect(JSON.stringify(stored)).not.toContain('abc123');
    const tokens = {
      manageUrl: (token: string) => `http://booking.test/manage/${token}`,
      tokenFor: () => 'm',
    } as unknown as ManageTokens;
    const links = {
      urlFor: (purpose: string, id: string) => `http://booking.test/${purpose}/${id}`,
    } as unknown as ReservationLinks;
    expect(reviveContext(stored, tokens, links).offer).toEqual({
      expiresAt: offer.expiresAt,
      url: `http://booking.test/offer/${context.reservation.id}`,
    });
  });
});

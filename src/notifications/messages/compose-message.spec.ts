import { describe, expect, it } from '@jest/globals';
import { plainSpaces, sampleContext } from '../../../test/support/notification-fixtures.js';
import { composeMessage } from './compose-message.js';
import { OUTBOX_KINDS, type OutboxKind } from '../notification-context.js';

const webinar = { kind: 'webinar' as const, venueName: null, joinUrl: 'https://meet.example/j/123' };
const GOOGLE = 'https://calendar.google.com/calendar/render?action=TEMPLATE';

describe('every message speaks for the clinic, with the event’s local time, the place and the links', () => {
  it.each(OUTBOX_KINDS)('%s: plain text and HTML with the title, the local date and time and the clinic', (kind) => {
    const message = composeMessage(
      kind,
      sampleContext({ reminderOffsetMinutes: kind === 'reminder' ? 1440 : undefined }),
    );
    expect(message.subject).toMatch(/Healthy backs at work/);
    expect(message.subject).not.toMatch(/[\r\n]/);
    for (const body of [plainSpaces(message.text), plainSpaces(message.html)]) {
      expect(body).toContain('Hello Ada Lovelace,');
      expect(body).toContain('Healthy backs at work');
      expect(body).toContain('Monday, March 9, 2026, 6:00 – 7:30 PM (Central Time)');
      expect(body).toContain('Lakeside Back Clinic');
      expect(body).toContain('K7Q-3MZD');
    }
  });

  it('a confirmation has the address, the manage link, an "add to Google Calendar" link and a REQUEST invite', () => {
    const context = sampleContext();
    const message = composeMessage('confirmation', context);
    expect(message.subject).toBe('Confirmed: Healthy backs at work, Monday, March 9, 2026');
    expect(message.text).toContain(
      'Where: Seminar room 2, Lakeside Back Clinic, 12 Harbour Street, Chicago, IL 60601, US',
    );
    expect(message.text).toContain(`Manage your reservation: ${context.manageUrl}`);
    // One large button: a link filling a coloured table cell.
    expect(message.html).toMatch(
      new RegExp(
        `<td class="button-cell"[^>]*bgcolor="#[0-9a-f]{6}"[^>]*>\\s*<a class="button-link" href="${context.manageUrl}"[^>]*>Manage your reservation</a>\\s*</td>`,
      ),
    );
    expect(message.html.match(/class="button-link"/g)).toHaveLength(1);
    expect(message.text).toContain('invite.ics');
    const google = new URL(/Add to Google Calendar: (\S+)/.exec(message.text)![1]!);
    expect(google.toString()).toMatch(/^https:\/\/calendar\.google\.com\/calendar\/render\?action=TEMPLATE/);
    expect(google.searchParams.get('dates')).toBe('20260309T230000Z/20260310T003000Z');
    expect(google.searchParams.get('ctz')).toBe('America/Chicago');
    expect(google.searchParams.get('text')).toBe('Healthy backs at work');
    expect(message.invite?.method).toBe('REQUEST');
  });

  it('a confirmed webinar attendee gets the join link; a waitlisted one never does', () => {
    const confirmed = composeMessage('confirmation', sampleContext({ event: webinar }));
    expect(confirmed.text).toContain('Join online: https://meet.example/j/123');
    expect(confirmed.html).toMatch(
      /<a class="link" href="https:\/\/meet\.example\/j\/123"[^>]*>https:\/\/meet\.example\/j\/123<\/a>/,
    );

    for (const kind of ['waitlisted', 'already-reserved', 'event-changed'] as OutboxKind[]) {
      const waiting = composeMessage(kind, sampleContext({ event: webinar, reservation: { status: 'waitlisted' } }));
      expect(`${waiting.text}${waiting.html}${waiting.invite?.ics ?? ''}`).not.toContain('meet.example');
      expect(waiting.text).toContain('Where: Online');
      expect(waiting.invite).toBeUndefined();
      expect(waiting.text).not.toContain(GOOGLE);
    }
  });

  it.each([
    ['promotion', 'REQUEST'],
    ['already-reserved', 'REQUEST'],
    ['event-changed', 'REQUEST'],
    ['attendee-cancellation', 'CANCEL'],
    ['event-cancelled', 'CANCEL'],
    ['waitlisted', undefined],
    ['reminder', undefined],
  ] as const)('%s carries %s invite for a confirmed attendee', (kind, method) => {
    expect(composeMessage(kind, sampleContext({ reminderOffsetMinutes: 60 })).invite?.method).toBe(method);
  });

  it('a cancellation removes the invite but offers no manage link (it is used up) and no calendar link', () => {
    const context = sampleContext();
    const message = composeMessage('attendee-cancellation', context);
    expect(message.subject).toBe('Cancelled: Healthy backs at work, Monday, March 9, 2026');
    expect(message.text).toContain('removed from your calendar');
    expect(message.text).not.toContain(context.manageUrl);
    expect(message.text).not.toContain(GOOGLE);
    for (const kind of ['attendee-cancellation', 'event-cancelled'] as OutboxKind[]) {
      const cancelled = composeMessage(kind, context);
      expect(`${cancelled.text}${cancelled.html}${cancelled.invite?.ics ?? ''}`).not.toContain(context.manageUrl);
      expect(`${cancelled.text}${cancelled.html}`).not.toContain('calendar.google.com');
      expect(cancelled.html).not.toContain('<a class="button-link"');
      expect(cancelled.text).not.toContain('Manage your reservation');
    }
  });

  it('someone who was only on the waiting list gets no CANCEL invite for an event they never had', () => {
    const message = composeMessage('event-cancelled', sampleContext({ reservation: { status: 'waitlisted' } }));
    expect(message.invite).toBeUndefined();
    expect(message.text).not.toContain('removed from your calendar');
  });

  it('"you already have a reservation" carries the fresh manage link it is given', () => {
    const message = composeMessage(
      'already-reserved',
      sampleContext({ manageUrl: 'http://booking.test/manage/fresh-token' }),
    );
    expect(message.text).toContain('Manage your reservation: http://booking.test/manage/fresh-token');
    expect(message.text).toContain('You already have a reservation');
  });

  it('a reminder says how soon the event starts', () => {
    expect(composeMessage('reminder', sampleContext({ reminderOffsetMinutes: 1440 })).subject).toBe(
      'Reminder: Healthy backs at work starts in 24 hours',
    );
    expect(composeMessage('reminder', sampleContext({ reminderOffsetMinutes: 60 })).subject).toBe(
      'Reminder: Healthy backs at work starts in 1 hour',
    );
  });

  it('dates are the event’s local ones, in its own zone, across a DST change', () => {
    const context = sampleContext({
      event: { startsAt: new Date('2026-11-03T00:00:00Z'), endsAt: new Date('2026-11-03T01:00:00Z') },
    });
    // 00:00Z is 18:00 in CST (UTC−6); a CDT reading would say 7:00 PM.
    expect(plainSpaces(composeMessage('confirmation', context).text)).toContain(
      'When: Monday, November 2, 2026, 6:00 – 7:00 PM (Central Time)',
    );
  });
});

describe('user text is inert in headers and HTML', () => {
  it('a title with line breaks gives a one-line subject; markup in titles and names is escaped in HTML', () => {
    const message = composeMessage(
      'confirmation',
      sampleContext({
        event: { title: 'Backs\r\nBcc: victim@evil.example <script>alert(1)</script>' },
        reservation: { name: '<img src=x onerror=alert(1)>' },
      }),
    );
    expect(message.subject).toBe(
      'Confirmed: Backs Bcc: victim@evil.example <script>alert(1)</script>, Monday, March 9, 2026',
    );
    expect(message.html).not.toContain('<script>');
    expect(message.html).not.toMatch(/<img(?! src="cid:)/);
    expect(message.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('only http(s) join links become links', () => {
    const message = composeMessage(
      'confirmation',
      sampleContext({ event: { ...webinar, joinUrl: 'javascript:alert(1)' } }),
    );
    expect(message.html).not.toContain('javascript:');
    expect(message.text).toContain('Where: Online');
  });

  it.each([
    [
      'a recipient address with a header in it',
      { reservation: { email: 'ada@guest.example\r\nBcc: x@evil.example' } },
      /reservation.email/,
    ],
    ['a manage link that is not http(s)', { manageUrl: 'javascript:alert(1)' }, /manageUrl/],
    ['an unknown time zone', { event: { timeZone: 'Mars/Olympus_Mons' } }, /timeZone/],
    ['an end before the start', { event: { endsAt: new Date('2026-03-09T22:00:00Z') } }, /endsAt/],
  ])('refuses to render %s', (_name, overrides, problem) => {
    expect(() => composeMessage('confirmation', sampleContext(overrides))).toThrow(problem);
  });
});

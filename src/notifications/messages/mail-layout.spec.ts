import { describe, expect, it } from '@jest/globals';
import { lisbonContext, plainSpaces, sampleContext } from '../../../test/support/notification-fixtures.js';
import { composeMessage } from './compose-message.js';
import { OUTBOX_KINDS, type OutboxKind } from '../notification-context.js';

const webinar = { kind: 'webinar' as const, venueName: null, joinUrl: 'https://meet.example/j/123?pwd=abc' };
const HOLDS_SEAT: OutboxKind[] = ['confirmation', 'promotion', 'already-reserved', 'event-changed', 'reminder'];
const head = (html: string) => html.slice(0, html.indexOf('</head>'));
const body = (html: string) => html.slice(html.indexOf('<body'));

describe('the HTML is mail-safe, fluid up to 600px and readable in dark mode', () => {
  it.each(OUTBOX_KINDS)(
    '%s: a table layout with inline styles, the clinic name on top, lang, color-scheme metas, a dark-mode block and a hidden preheader',
    (kind) => {
      const { html } = composeMessage(kind, sampleContext({ reminderOffsetMinutes: 60 }));
      expect(html).toMatch(/^<!doctype html>\n<html lang="en" dir="ltr">/);
      expect(head(html)).toContain('<meta name="color-scheme" content="light dark">');
      expect(head(html)).toContain('<meta name="supported-color-schemes" content="light dark">');
      expect(head(html)).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(head(html)).toMatch(/@media \(prefers-color-scheme: dark\) \{/);
      expect(head(html)).toMatch(/@media screen and \(max-width: 620px\)/);
      // The only <style> is the one in <head>; the body is styled inline, laid out in presentation tables.
      expect(html.match(/<style/g)).toHaveLength(1);
      expect(body(html)).not.toMatch(/<style|<link|<script/);
      // The one image is the confirmation code's QR, attached inline and shown by Content-ID (never fetched).
      expect(body(html)).not.toMatch(/<img(?! src="cid:confirmation-code@clinic-seminars")/);
      expect(body(html)).toContain('max-width:600px');
      expect(body(html)).toMatch(/<table role="presentation"/);
      expect(body(html).replace(/<!--[\s\S]*?-->/g, '')).not.toMatch(/<(div|p|td|a|h1|h2)\b(?![^>]*style=")[^>]*>/);
      // The preheader comes first and is hidden; the clinic's name heads the mail, before the heading.
      const preheader = /<div class="preheader" style="display:none;[^"]*">([^<]*)<\/div>/.exec(body(html));
      expect(preheader).not.toBeNull();
      expect(preheader![1]!.length).toBeGreaterThan(20);
      const brand = body(html).indexOf('>Lakeside Back Clinic</td>');
      expect(brand).toBeGreaterThan(body(html).indexOf('class="preheader"'));
      expect(brand).toBeLessThan(body(html).indexOf('<h1'));
    },
  );

  it('the event essentials sit together in one block: title, when, where, seats, confirmation code', () => {
    const { html } = composeMessage('confirmation', sampleContext());
    const block = /<table role="presentation" class="box"[\s\S]*?<\/table>\n<\/td><\/tr>\n<\/table>/.exec(html)![0];
    for (const text of [
      'Healthy backs at work',
      'When',
      'Monday, March 9, 2026',
      'Where',
      'Seminar room 2',
      'Seats',
      '>2<',
      'Confirmation code',
      'K7Q-3MZD',
    ]) {
      expect(block).toContain(text);
    }
  });

  it.each(HOLDS_SEAT)(
    '%s for a standing seat: exactly one manage button and an "Add to Google Calendar" link',
    (kind) => {
      const context = sampleContext({ reminderOffsetMinutes: 60 });
      const { html, text, invite } = composeMessage(kind, context);
      expect(html.match(/<a class="button-link"/g)).toHaveLength(1);
      expect(html).toContain(`<a class="button-link" href="${context.manageUrl}"`);
      expect(html).toMatch(
        /<a class="link" href="https:\/\/calendar\.google\.com\/calendar\/render\?action=TEMPLATE[^"]*"[^>]*>Add to Google Calendar<\/a>/,
      );
      // The attached invite is mentioned exactly when there is one.
      expect(text.includes('invite.ics')).toBe(invite !== undefined);
      expect(html.includes('invite.ics')).toBe(invite !== undefined);
    },
  );

  it('a waitlisted attendee gets the manage button but no calendar link', () => {
    const context = sampleContext({ reservation: { status: 'waitlisted' } });
    const { html, text } = composeMessage('waitlisted', context);
    expect(html.match(/<a class="button-link"/g)).toHaveLength(1);
    expect(`${html}${text}`).not.toContain('calendar.google.com');
    expect(`${html}${text}`).not.toContain('invite.ics');
  });

  it.each(['reconfirm', 'release-warning'] as const)(
    '%s: the two answers are the large buttons ("yes" filled, "no" outlined); the manage page is a plain link under them',
    (kind) => {
      const reconfirmUrl = 'https://seminars.example/reconfirm/tok';
      const { html, text } = composeMessage(kind, { ...sampleContext(), reconfirmUrl });
      const yes = html.indexOf(`<a class="button-link" href="${reconfirmUrl}?answer=yes"`);
      const no = html.indexOf(`<a class="button-link-outline" href="${reconfirmUrl}?answer=no"`);
      expect(yes).toBeGreaterThan(0);
      expect(no).toBeGreaterThan(yes);
      expect(html.match(/<a class="button-link/g)).toHaveLength(2);
      const manage = html.indexOf('<a class="link" href="http://booking.test/manage/');
      expect(manage).toBeGreaterThan(no);
      expect(text).toMatch(
        /- Yes, I’m coming: https:\/\/seminars\.example\/reconfirm\/tok\?answer=yes\n- I can’t come: /,
      );
    },
  );

  it('a webinar seat shows the join link in the block and says when to use it', () => {
    const { html, text } = composeMessage('confirmation', sampleContext({ event: webinar }));
    expect(html).toContain('<a class="link" href="https://meet.example/j/123?pwd=abc"');
    expect(text).toContain('Join online: https://meet.example/j/123?pwd=abc');
    expect(text).toContain('a few minutes before the start');
  });

  it('the plain-text part opens like the HTML: the clinic, the heading, the greeting', () => {
    const { text } = composeMessage('confirmation', sampleContext());
    expect(text.startsWith('Lakeside Back Clinic\n\nYour seats are reserved\n\nHello Ada Lovelace,\n\n')).toBe(true);
  });

  it.each(OUTBOX_KINDS)('%s: the plain-text part says what the HTML says', (kind) => {
    for (const context of [
      sampleContext({ reminderOffsetMinutes: 1440 }),
      lisbonContext({ reminderOffsetMinutes: 1440 }),
    ]) {
      const { html, text } = composeMessage(kind, context);
      const visible = plainSpaces(
        body(html)
          .replace(/<div class="preheader"[\s\S]*?<\/div>/, '')
          .replace(/<[^>]+>/g, ' ')
          .replace(/&amp;/g, '&')
          .replace(/&#39;/g, "'")
          .replace(/&quot;/g, '"')
          .replace(/\s+/g, ' '),
      );
      const lines = plainSpaces(text)
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      for (const line of lines) {
        // "Label: value" lines are a label cell and a value cell in the HTML; links are their label and href.
        const [label, ...rest] = line.split(': ');
        if (rest.length && /^https?:/.test(rest.join(': '))) {
          expect(visible).toContain(label!);
          expect(html.replace(/&amp;/g, '&')).toContain(`href="${rest.join(': ')}"`);
        } else if (rest.length && !line.endsWith('.')) {
          expect(visible).toContain(label!);
          expect(visible).toContain(rest.join(': '));
        } else {
          expect(visible).toContain(line);
        }
      }
    }
  });
});

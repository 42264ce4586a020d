import { describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { lisbonContext, plainSpaces, sampleContext } from '../../../test/support/notification-fixtures.js';
import { composeMessage } from './compose-message.js';
import { buildInvite } from './invite.js';
import { OUTBOX_KINDS, type OutboxKind } from '../notification-context.js';

const description = (ics: string) =>
  String(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!.getFirstPropertyValue('description'));
const WHEN_PT = 'segunda-feira, 7 de dezembro de 2026, 18:00 – 19:30 (Hora da Europa Ocidental)';
/** Words that would betray an English leftover in a Portuguese e-mail. */
const ENGLISH =
  /\b(Hello|When|Where|Seats|Confirmation code|Manage|Add to|Warm regards|Questions|Reminder|Cancelled|Online:|reservation|seat|PM|AM)\b/;

describe('a pt-PT clinic writes in European Portuguese, with the event’s local time on a 24-hour clock', () => {
  it('a confirmation: subject, greeting, paragraphs, labels, button, calendar link, sign-off, <html lang>', () => {
    const context = lisbonContext();
    const message = composeMessage('confirmation', context);
    expect(message.subject).toBe('Reserva confirmada: Viver bem com dor lombar, segunda-feira, 7 de dezembro de 2026');
    const text = plainSpaces(message.text);
    for (const line of [
      'Clínica da Coluna de Lisboa',
      'Olá, Maria João Simões,',
      'Obrigado pela sua reserva. Guardámos 2 lugares para si na sessão «Viver bem com dor lombar».',
      `Quando: ${WHEN_PT}`,
      'Onde: Sala 2, Clínica da Coluna de Lisboa, Rua Augusta 10, Lisboa, 1100-053, PT',
      'Lugares: 2',
      'Código de confirmação: K7Q-3MZD',
      `Gerir a minha reserva: ${context.manageUrl}`,
      'Adicionar ao Google Calendar: https://calendar.google.com/calendar/render?action=TEMPLATE',
      'O convite para o calendário também segue em anexo neste e-mail (invite.ics)',
      'Com os melhores cumprimentos,',
      'Alguma dúvida? Ligue-nos para o +351 21 000 0000.',
    ]) {
      expect(text).toContain(line);
    }
    expect(text).not.toMatch(ENGLISH);
    expect(message.html).toMatch(/^<!doctype html>\n<html lang="pt-PT"/);
    expect(message.html).toMatch(/<a class="button-link" href="[^"]+"[^>]*>Gerir a minha reserva<\/a>/);
    expect(plainSpaces(message.html)).toContain(WHEN_PT);
    expect(plainSpaces(message.html).replace(/<[^>]+>/g, ' ')).not.toMatch(ENGLISH);
  });

  it('the invite’s DESCRIPTION is in Portuguese too, and a 1-seat reservation reads in the singular', () => {
    const context = lisbonContext({ reservation: { partySize: 1 } });
    const text = plainSpaces(description(composeMessage('confirmation', context).invite!.ics));
    expect(text).toContain(`Quando: ${WHEN_PT}`);
    expect(text).toContain('Onde: Sala 2, Clínica da Coluna de Lisboa');
    expect(text).toContain('Reserva: 1 lugar, código de confirmação K7Q-3MZD');
    expect(text).toContain(`Gerir a sua reserva: ${context.manageUrl}`);
    expect(text).not.toMatch(ENGLISH);

    const cancel = plainSpaces(description(buildInvite({ method: 'CANCEL', context }).ics));
    expect(cancel).toContain('Esta reserva foi cancelada.');
    expect(cancel).not.toContain(context.manageUrl);
  });

  it('a webinar seat: "Participar online" with the join link; the waiting list reads "Online" and no link', () => {
    const webinar = { kind: 'webinar' as const, venueName: null, joinUrl: 'https://meet.example/j/123' };
    const seated = composeMessage('confirmation', lisbonContext({ event: webinar }));
    expect(seated.text).toContain('Participar online: https://meet.example/j/123');
    expect(description(seated.invite!.ics)).toContain('Onde: Online: https://meet.example/j/123');
    const waiting = composeMessage(
      'waitlisted',
      lisbonContext({ event: webinar, reservation: { status: 'waitlisted' } }),
    );
    expect(waiting.subject).toBe(
      'Está na lista de espera: Viver bem com dor lombar, segunda-feira, 7 de dezembro de 2026',
    );
    expect(waiting.text).toContain('Onde: Online');
    expect(`${waiting.text}${waiting.html}`).not.toContain('meet.example');
  });

  it.each([
    [1440, 'Lembrete: Viver bem com dor lombar começa dentro de 24 horas'],
    [2880, 'Lembrete: Viver bem com dor lombar começa dentro de 2 dias'],
    [60, 'Lembrete: Viver bem com dor lombar começa dentro de 1 hora'],
    [120, 'Lembrete: Viver bem com dor lombar começa dentro de 2 horas'],
    [90, 'Lembrete: Viver bem com dor lombar começa dentro de 90 minutos'],
  ])('a reminder %i minutes ahead: "%s"', (offset, subject) => {
    expect(composeMessage('reminder', lisbonContext({ reminderOffsetMinutes: offset })).subject).toBe(subject);
  });

  it.each(OUTBOX_KINDS)('%s: every word Portuguese, no key or placeholder left over', (kind) => {
    for (const status of ['confirmed', 'waitlisted'] as const) {
      const message = composeMessage(kind, lisbonContext({ reservation: { status }, reminderOffsetMinutes: 60 }));
      const all = plainSpaces(
        `${message.subject}\n${message.text}\n${message.invite ? description(message.invite.ics) : ''}`,
      );
      expect(all).not.toMatch(ENGLISH);
      expect(all).not.toMatch(/\{\{|\}\}|mail\.[a-z]/);
      expect(message.html).toContain('lang="pt-PT"');
    }
  });
});

describe('an en clinic writes in English, on a 12-hour clock', () => {
  it('a confirmation: subject, body, invite DESCRIPTION', () => {
    const context = sampleContext({ clinic: { locale: 'en' } });
    const message = composeMessage('confirmation', context);
    expect(message.subject).toBe('Confirmed: Healthy backs at work, Monday, March 9, 2026');
    const text = plainSpaces(message.text);
    expect(text).toContain('Hello Ada Lovelace,');
    expect(text).toContain('Thank you for your booking. We have saved 2 seats for you at Healthy backs at work.');
    expect(text).toContain('When: Monday, March 9, 2026, 6:00 – 7:30 PM (Central Time)');
    expect(text).toContain('Warm regards,');
    expect(message.html).toMatch(/^<!doctype html>\n<html lang="en"/);
    const invite = plainSpaces(description(message.invite!.ics));
    expect(invite).toContain('When: Monday, March 9, 2026, 6:00 – 7:30 PM (Central Time)');
    expect(invite).toContain('Reservation: 2 seats, confirmation code K7Q-3MZD');
    expect(invite).toContain(`Manage your reservation: ${context.manageUrl}`);
    expect(`${text}${invite}`).not.toMatch(/Olá|Quando|Lugares|reserva\b/);
  });

  it('a Lisbon event read in English keeps its own zone: 6:00 – 7:30 PM Western European Time', () => {
    const message = composeMessage('confirmation', lisbonContext({ clinic: { locale: 'en' } }));
    expect(plainSpaces(message.text)).toContain(
      'When: Monday, December 7, 2026, 6:00 – 7:30 PM (Western European Time)',
    );
  });

  it.each([undefined, 'fr', 'pt-BR', ''])(
    'a clinic locale of %p (none yet, or one we cannot write) reads as English',
    (locale) => {
      const message = composeMessage('confirmation', lisbonContext({ clinic: { locale } }));
      expect(message.subject).toMatch(/^Confirmed: /);
      expect(message.html).toContain('<html lang="en"');
    },
  );

  it.each(OUTBOX_KINDS)('%s: no key or placeholder left over', (kind: OutboxKind) => {
    const message = composeMessage(kind, sampleContext({ reminderOffsetMinutes: 90 }));
    expect(`${message.subject}\n${message.text}\n${message.html}`).not.toMatch(/\{\{|\}\}|mail\.[a-z]/);
  });
});

describe('words are remembered per event, never per attendee', () => {
  it('two attendees of the same event, one after the other, each read their own name, code and link', () => {
    for (const make of [sampleContext, lisbonContext]) {
      const first = make({
        reservation: { name: 'First Person', confirmationCode: 'AAA-1111', partySize: 1 },
        manageUrl: 'http://booking.test/manage/first',
      });
      const second = make({
        reservation: { name: 'Second Person', confirmationCode: 'BBB-2222', partySize: 1 },
        manageUrl: 'http://booking.test/manage/second',
      });
      const [a, b] = [composeMessage('confirmation', first), composeMessage('confirmation', second)];
      expect(a.text).toContain('First Person');
      expect(a.text).toContain('AAA-1111');
      expect(a.text).toContain('http://booking.test/manage/first');
      expect(`${a.text}${a.html}${a.invite!.ics}`).not.toMatch(/Second Person|BBB-2222|manage\/second/);
      expect(b.text).toContain('Second Person');
      expect(description(b.invite!.ics)).toContain('BBB-2222');
      expect(`${b.text}${b.html}${b.invite!.ics}`).not.toMatch(/First Person|AAA-1111|manage\/first/);
      expect(`${a.text}${b.text}`).not.toContain('\u0000');
    }
  });
});

describe('user text is never read as a catalog template', () => {
  it('placeholders and nesting in titles and names stay literal, in both languages', () => {
    const hostile = {
      event: { title: '{{name}} $t(mail.greeting) {{- code}}', venueName: '{{code}} room $t(mail.signOff)' },
      reservation: { name: '{{title}} $t(mail.signOff)' },
    };
    for (const context of [sampleContext(hostile), lisbonContext(hostile)]) {
      const message = composeMessage('confirmation', context);
      expect(message.subject).toContain('{{name}} $t(mail.greeting) {{- code}}');
      expect(message.text).toContain('{{title}} $t(mail.signOff)');
      expect(message.text).not.toContain('K7Q-3MZD K7Q');
      expect(description(message.invite!.ics)).toContain('{{code}} room $t(mail.signOff)');
    }
  });
});

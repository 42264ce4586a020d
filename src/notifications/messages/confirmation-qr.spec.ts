import { describe, expect, it } from '@jest/globals';
import { sampleContext } from '../../../test/support/notification-fixtures.js';
import { decodeQrPng as decode } from '../../../test/support/qr-decode.js';
import { composeMessage } from './compose-message.js';
import { CONFIRMATION_QR_CID, qrPng } from './confirmation-qr.js';

describe('the confirmation code as a QR image', () => {
  it.each(['K7Q-3MZD', '000-0000', 'ZZZ-ZZZZ'])('a valid PNG that decodes back to %s', (code) => {
    const png = qrPng(code);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(decode(png)).toBe(code);
  });

  it('a confirmation carries it as an inline PNG that the HTML shows by Content-ID, with the code in words in both parts', () => {
    const message = composeMessage('confirmation', sampleContext());
    expect(message.inlineImages).toHaveLength(1);
    const [image] = message.inlineImages!;
    expect(image).toMatchObject({
      cid: CONFIRMATION_QR_CID,
      contentType: 'image/png',
      filename: 'confirmation-code.png',
    });
    expect(decode(image!.content)).toBe('K7Q-3MZD');
    expect(message.html).toMatch(
      new RegExp(
        `<img src="cid:${CONFIRMATION_QR_CID}" width="180" height="180" alt="QR code of your confirmation code K7Q-3MZD"`,
      ),
    );
    expect(message.html).not.toContain('data:image');
    expect(message.text).toContain('At the door, show this code or tell us your confirmation code K7Q-3MZD.');
  });

  it('is in the clinic’s language', () => {
    const message = composeMessage('confirmation', sampleContext({ clinic: { locale: 'pt-PT' } }));
    expect(message.html).toContain('alt="Código QR do seu código de confirmação K7Q-3MZD"');
  });

  it('is there only while the seat stands: not for the waiting list or a cancellation', () => {
    expect(composeMessage('promotion', sampleContext()).inlineImages).toHaveLength(1);
    expect(composeMessage('reminder', sampleContext({ reminderOffsetMinutes: 60 })).inlineImages).toHaveLength(1);
    expect(composeMessage('event-changed', sampleContext()).inlineImages).toBeUndefined();
    expect(
      composeMessage('waitlisted', sampleContext({ reservation: { status: 'waitlisted' } })).inlineImages,
    ).toBeUndefined();
    const cancelled = composeMessage('attendee-cancellation', sampleContext());
    expect(cancelled.inlineImages).toBeUndefined();
    expect(cancelled.html).not.toContain('cid:');
  });
});

describe('a cancellation by the clinic says so, and why', () => {
  it('names the clinic and gives the reason as typed, in both parts', () => {
    const message = composeMessage(
      'attendee-cancellation',
      sampleContext({ reservation: { cancellationReason: 'The room is flooded <b>' } }),
    );
    for (const body of [message.text, message.html])
      expect(body).toContain('Lakeside Back Clinic has cancelled your reservation for Healthy backs at work');
    expect(message.text).toContain('The reason: The room is flooded <b>');
    expect(message.html).toContain('The reason: The room is flooded &lt;b&gt;');
  });

  it('an attendee’s own cancellation has no reason line', () => {
    const message = composeMessage('attendee-cancellation', sampleContext());
    expect(message.text).not.toContain('The reason');
    expect(message.text).toContain('Your reservation for Healthy backs at work is cancelled');
  });
});

import { PNG } from 'pngjs';
import QRCode from 'qrcode';

/**
 * The confirmation code as a QR image, for the front desk's hand-held scanner (it types the code and Enter
 * into the door page's search box). Gmail drops data: URIs and does not render SVG, so the image is a PNG
 * attached inline and referenced from the HTML by its Content-ID (`cid:`); the plain-text part keeps the
 * code in letters. Rendered synchronously (the QR matrix from `qrcode`, the PNG from `pngjs`), so message
 * composition stays a pure function.
 */

/** One image carried inside the message and shown by the HTML part through `cid:`. */
export interface InlineImage {
  cid: string;
  filename: string;
  contentType: 'image/png';
  content: Buffer;
}

/** What the HTML and text parts say about the image. */
export interface DoorCodeView {
  src: string;
  alt: string;
  caption: string;
  /** CSS pixels the HTML shows it at (the PNG is larger, for sharp high-density screens). */
  size: number;
}

export const CONFIRMATION_QR_CID = 'confirmation-code@clinic-seminars';
const SCALE = 8;
const QUIET_ZONE = 4;
const SHOWN_AT = 180;

/**
 * A black-on-white PNG of the QR code of `text` (error correction M, 4-module quiet zone), written from
 * one grey byte per pixel with no row filter: under half a millisecond, so the dispatcher's batches keep
 * their pace (RGBA input converted by pngjs took some 5 ms).
 */
export function qrPng(text: string): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const side = (modules.size + 2 * QUIET_ZONE) * SCALE;
  const grey = Buffer.alloc(side * side, 255);
  const line = Buffer.alloc(side, 255);
  for (let row = 0; row < modules.size; row += 1) {
    line.fill(255);
    for (let col = 0; col < modules.size; col += 1) {
      if (modules.get(row, col)) line.fill(0, (col + QUIET_ZONE) * SCALE, (col + QUIET_ZONE + 1) * SCALE);
    }
    for (let y = (row + QUIET_ZONE) * SCALE; y < (row + QUIET_ZONE + 1) * SCALE; y += 1) line.copy(grey, y * side);
  }
  const format = { colorType: 0, inputColorType: 0, inputHasAlpha: false, filterType: 0 } as const;
  const png = new PNG({ width: side, height: side, ...format });
  png.data = grey;
  return PNG.sync.write(png, format);
}

/** The inline PNG of a confirmation code and the words around it (already in the reader's language). */
export function confirmationQr(
  code: string,
  words: { alt: string; caption: string },
): { image: InlineImage; view: DoorCodeView } {
  return {
    image: {
      cid: CONFIRMATION_QR_CID,
      filename: 'confirmation-code.png',
      contentType: 'image/png',
      content: qrPng(code),
    },
    view: { src: `cid:${CONFIRMATION_QR_CID}`, alt: words.alt, caption: words.caption, size: SHOWN_AT },
  };
}

import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

type Decode = typeof jsQRModule.default;
// jsqr is CommonJS: under NodeNext its default import is module.exports, the function itself (which also has .default).
const jsQR = ((jsQRModule as unknown as { default?: Decode }).default ?? jsQRModule) as Decode;

/** Reads a PNG's QR code with decoders independent of the writer (pngjs + jsQR), as the desk's scanner would. */
export function decodeQrPng(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

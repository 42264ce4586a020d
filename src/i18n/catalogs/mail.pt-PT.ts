import type { CatalogShape } from '../catalog-shape.js';
import type { mailEn } from './mail.en.js';

export const mailPtPT: CatalogShape<typeof mailEn> = {
  placeholder: 'placeholder',
};

import type { CatalogShape } from '../catalog-shape.js';
import type { deskEn } from './desk.en.js';

export const deskPtPT: CatalogShape<typeof deskEn> = {
  title: 'desk',
};

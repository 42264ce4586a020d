import type { CatalogShape } from '../catalog-shape.js';
import type { adminEn } from './admin.en.js';

export const adminPtPT: CatalogShape<typeof adminEn> = {
  title: 'admin',
};

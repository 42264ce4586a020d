import type { CatalogShape } from '../catalog-shape.js';
import type { reportsEn } from './reports.en.js';

export const reportsPtPT: CatalogShape<typeof reportsEn> = {
  title: 'reports',
};

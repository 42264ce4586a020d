import type { CatalogShape } from '../catalog-shape.js';
import type { accountEn } from './account.en.js';

export const accountPtPT: CatalogShape<typeof accountEn> = {
  title: 'account',
};

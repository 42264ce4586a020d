import type { CatalogShape } from '../catalog-shape.js';
import type { officeEn } from './office.en.js';

export const officePtPT: CatalogShape<typeof officeEn> = {
  brand: 'Balcão de seminários',
  nav: {
    label: 'Área de gestão',
    today: 'Hoje',
    events: 'Eventos',
    clinics: 'Clínicas',
    staff: 'Equipa',
    series: 'Séries',
    dashboard: 'Painel',
    audit: 'Registo de alterações',
    settings: 'Predefinições',
    signedInAs: 'Sessão iniciada como {{name}}',
    signOut: 'Terminar sessão',
  },
};

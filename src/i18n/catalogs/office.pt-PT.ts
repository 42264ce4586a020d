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
  errors: {
    title_403: 'Indisponível para a sua conta',
    title_404: 'Não encontrado',
    title_409: 'Não foi possível',
    title_429: 'Aguarde um momento',
    title_500: 'Ocorreu um erro',
    title_503: 'Temporariamente indisponível',
    titleForm: 'Não foi possível enviar este formulário',
    titleOther: 'Não foi possível',
    code: {
      NOT_FOUND: 'Não existe nada neste endereço: a ligação pode estar mal escrita, ou o que mostrava foi removido.',
      FORBIDDEN: 'A sua conta não tem acesso a esta página. Se precisar dela, peça a um administrador.',
      CLINIC_ACCESS_DENIED:
        'Isto pertence a uma clínica com a qual a sua conta não trabalha. Se precisar, peça a um administrador.',
      ADMIN_ONLY: 'Só os administradores podem abrir esta página.',
      OTHER: 'Não foi possível concluir este pedido. Volte atrás e tente novamente.',
    },
    home: 'Voltar a hoje',
    signIn: 'Iniciar sessão',
  },
};

import type { CatalogShape } from '../catalog-shape.js';
import type { accountEn } from './account.en.js';

export const accountPtPT: CatalogShape<typeof accountEn> = {
  signIn: {
    title: 'Iniciar sessão',
    intro: 'Inicie sessão com o endereço de e-mail e a palavra-passe da sua conta de colaborador.',
    email: 'Endereço de e-mail',
    password: 'Palavra-passe',
    submit: 'Iniciar sessão',
    forgot: 'Esqueceu-se da palavra-passe?',
    errorSummary: 'Ainda não tem sessão iniciada',
    failed: 'Esse endereço de e-mail e essa palavra-passe não correspondem a uma conta que possa iniciar sessão. Verifique-os e tente novamente.',
    signedOut: 'Terminou a sessão.',
    expired: 'A sua sessão terminou. Inicie sessão novamente.',
    passwordSet: 'A nova palavra-passe está definida. Inicie sessão com ela.',
  },
  field: {
    email: 'Indique o seu endereço de e-mail, por exemplo ana@clinica.example.',
    password: 'Indique a sua palavra-passe.',
  },
  mine: {
    title: 'A sua conta',
    name: 'Nome',
    email: 'Endereço de e-mail',
    role: 'Função',
    roles: { admin: 'Administrador', staff: 'Equipa da clínica' },
    clinicsTitle: 'As suas clínicas',
    noClinics: 'Ainda não está associado a nenhuma clínica. Um administrador pode associá-lo a uma.',
  },
  refused: {
    title: 'Indisponível para a sua conta',
    ADMIN_ONLY: 'Só os administradores podem abrir esta página.',
    CLINIC_ACCESS_DENIED: 'Esta página pertence a uma clínica onde não trabalha.',
    CSRF_FAILED: 'Este formulário expirou ou não veio do nosso site. Volte atrás, recarregue a página e tente novamente.',
    FORBIDDEN: 'A sua conta não pode abrir esta página.',
    home: 'Voltar a hoje',
  },
};

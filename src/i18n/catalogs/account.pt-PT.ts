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
    failed:
      'Esse endereço de e-mail e essa palavra-passe não correspondem a uma conta que possa iniciar sessão. Verifique-os e tente novamente.',
    signedOut: 'Terminou a sessão.',
    expired: 'A sua sessão terminou. Inicie sessão novamente.',
    passwordSet: 'A nova palavra-passe está definida. Inicie sessão com ela.',
  },
  forgot: {
    title: 'Esqueceu-se da palavra-passe?',
    intro:
      'Indique o endereço de e-mail da sua conta de colaborador. Se tiver conta, enviamos-lhe uma ligação para escolher uma nova palavra-passe.',
    email: 'Endereço de e-mail',
    submit: 'Enviar a ligação',
    sentTitle: 'Consulte o seu e-mail',
    sent: 'Se esse endereço pertencer a uma conta de colaborador, vai receber uma ligação para escolher uma nova palavra-passe. A ligação só funciona uma vez, durante uma hora. Não recebeu nada? Veja a pasta de spam ou volte a pedir daqui a alguns minutos.',
    back: 'Voltar ao início de sessão',
  },
  reset: {
    title: 'Escolha uma nova palavra-passe',
    intro:
      'Escolha uma nova palavra-passe para {{email}}. Quando ficar definida, as sessões abertas noutros locais terminam.',
    password: 'Nova palavra-passe',
    passwordHint: 'Pelo menos 12 caracteres. Algumas palavras sem relação entre si dão uma palavra-passe forte.',
    passwordAgain: 'Repita a nova palavra-passe',
    submit: 'Definir a nova palavra-passe',
    errorSummary: 'A palavra-passe ainda não foi definida',
    invalidTitle: 'Esta ligação já não funciona',
    invalid: 'A ligação já foi utilizada ou expirou. Pode pedir uma nova.',
    askAgain: 'Pedir uma nova ligação',
  },
  invitation: {
    title: 'Boas-vindas ao {{brand}}',
    intro:
      'Recebeu um convite para a área de gestão com o endereço {{email}}. Escolha uma palavra-passe para concluir a configuração da sua conta.',
    submit: 'Definir a palavra-passe e iniciar sessão',
    invalidTitle: 'Este convite já não funciona',
    invalid:
      'O convite já foi aceite ou expirou. Peça um novo convite a um administrador ou, se já definiu a palavra-passe, inicie sessão.',
  },
  field: {
    email: 'Indique o seu endereço de e-mail, por exemplo ana@clinica.example.',
    password: 'Indique a sua palavra-passe.',
    newPassword: 'Escolha uma palavra-passe com 12 a 200 caracteres.',
    passwordAgain: 'As duas palavras-passe não são iguais. Escreva a nova palavra-passe duas vezes.',
  },
  mail: {
    greeting: 'Olá, {{name}},',
    accountTitle: 'A sua conta de colaborador',
    email: 'Endereço de e-mail',
    validUntil: 'A ligação funciona até',
    signOff: 'Com os melhores cumprimentos,',
    footer: 'Recebe este e-mail por causa de uma conta de colaborador na área de gestão dos seminários.',
    invitation: {
      subject: 'Convite para o {{brand}}',
      preheader: 'Escolha uma palavra-passe para começar a usar a sua conta de colaborador.',
      heading: 'A sua conta de colaborador está pronta',
      intro:
        'Foi criada uma conta de colaborador para si no {{brand}}, onde as clínicas organizam os seus seminários e webinars.',
      introBy:
        '{{invitedBy}} criou uma conta de colaborador para si no {{brand}}, onde as clínicas organizam os seus seminários e webinars.',
      button: 'Escolher a palavra-passe',
      note: 'A ligação só funciona uma vez, até {{until}}. Depois, inicia sessão com o seu endereço de e-mail e essa palavra-passe.',
      unexpected: 'Se não esperava este convite, pode ignorar este e-mail: sem a ligação, nada acontece.',
    },
    reset: {
      subject: 'Escolha uma nova palavra-passe para o {{brand}}',
      preheader: 'Uma ligação para escolher uma nova palavra-passe, válida durante uma hora.',
      heading: 'Escolha uma nova palavra-passe',
      intro: 'Alguém pediu uma nova palavra-passe para a sua conta de colaborador no {{brand}}.',
      introBy: 'Alguém pediu uma nova palavra-passe para a sua conta de colaborador no {{brand}}.',
      button: 'Escolher uma nova palavra-passe',
      note: 'A ligação só funciona uma vez, até {{until}}. Ao definir uma nova palavra-passe, todas as suas sessões terminam.',
      unexpected: 'Se não fez este pedido, pode ignorar este e-mail: a sua palavra-passe fica como está.',
    },
  },

  mine: {
    title: 'A sua conta',
    name: 'Nome',
    email: 'Endereço de e-mail',
    role: 'Função',
    roles: { admin: 'Administrador', staff: 'Equipa da clínica' },
    clinicsTitle: 'As suas clínicas',
    noClinics: 'A sua conta ainda não tem nenhuma clínica. Um administrador pode atribuir-lhe uma.',
  },
  refused: {
    title: 'Indisponível para a sua conta',
    ADMIN_ONLY: 'Só os administradores podem abrir esta página.',
    CLINIC_ACCESS_DENIED: 'Esta página pertence a uma clínica onde não trabalha.',
    CSRF_FAILED:
      'Este formulário expirou ou não veio do nosso site. Volte atrás, recarregue a página e tente novamente.',
    FORBIDDEN: 'A sua conta não pode abrir esta página.',
    home: 'Voltar a hoje',
  },
};

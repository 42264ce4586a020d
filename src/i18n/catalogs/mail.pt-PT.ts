import type { CatalogShape } from '../catalog-shape.js';
import type { mailEn } from './mail.en.js';

/** Português europeu: tratamento formal sem «você», frases curtas e claras. */
export const mailPtPT: CatalogShape<typeof mailEn> = {
  greeting: 'Olá, {{name}},',
  label: {
    when: 'Quando',
    where: 'Onde',
    joinOnline: 'Participar online',
    seats: 'Lugares',
    confirmationCode: 'Código de confirmação',
  },
  place: {
    online: 'Online',
    onlineAt: 'Online: {{url}}',
  },
  seats_one: '{{count}} lugar',
  seats_other: '{{count}} lugares',
  manage: {
    button: 'Gerir a minha reserva',
    hint: 'Aí pode ver a sua reserva, alterar o número de lugares ou cancelar.',
  },
  calendar: {
    link: 'Adicionar ao Google Calendar',
    attached:
      'O convite para o calendário também segue em anexo neste e-mail (invite.ics): abra-o para adicionar o evento a qualquer calendário.',
    details: 'Código de confirmação {{code}}. Gerir a reserva: {{url}}',
  },
  joinHint:
    'No dia, abra a ligação «Participar online» alguns minutos antes do início. A ligação é só sua: não a reencaminhe.',
  contact: 'Alguma dúvida? Ligue-nos para o {{phone}}.',
  signOff: 'Com os melhores cumprimentos,',
  footer: 'Recebe este e-mail porque este endereço foi usado para fazer uma reserva.',
  doorCode: {
    caption: 'À entrada, mostre este código ou diga-nos o seu código de confirmação {{code}}.',
    alt: 'Código QR do seu código de confirmação {{code}}',
  },
  confirmation: {
    subject: 'Reserva confirmada: {{title}}, {{day}}',
    preheader: 'A sua reserva está confirmada. Código de confirmação {{code}}.',
    heading_one: 'O seu lugar está reservado',
    heading_other: 'Os seus lugares estão reservados',
    thanks_one: 'Obrigado pela sua reserva. Guardámos {{count}} lugar para si na sessão «{{title}}».',
    thanks_other: 'Obrigado pela sua reserva. Guardámos {{count}} lugares para si na sessão «{{title}}».',
    keep: 'Guarde este e-mail, por favor: em «Gerir a minha reserva», mais abaixo, pode alterar ou cancelar a sua reserva a qualquer momento.',
  },
  waitlisted: {
    subject: 'Está na lista de espera: {{title}}, {{day}}',
    preheader: 'De momento, o evento está esgotado. Escrevemos-lhe assim que tiver lugar.',
    heading: 'Está na lista de espera',
    full: 'A sessão «{{title}}» está esgotada de momento, por isso a sua inscrição ficou na lista de espera.',
    next: 'Se vagar um lugar, confirmamos a sua reserva de imediato, pela ordem de inscrição na lista, e enviamos-lhe o convite para o calendário. Não precisa de fazer nada.',
    alsoWaiting:
      'Está também na lista de espera destas sessões. O primeiro lugar que vagar em qualquer uma delas é seu, e retiramo-lo das outras listas:',
  },
  promotion: {
    subject: 'Já tem lugar: {{title}}, {{day}}',
    preheader: 'Boas notícias: vagou um lugar e a sua reserva está agora confirmada.',
    heading: 'Boas notícias: já tem lugar',
    confirmed_one: 'Vagou um lugar e a sua reserva de {{count}} lugar para «{{title}}» está agora confirmada.',
    confirmed_other: 'Vagaram lugares e a sua reserva de {{count}} lugares para «{{title}}» está agora confirmada.',
    cancelIfNot:
      'Se já não puder vir, cancele, por favor, em «Gerir a minha reserva», mais abaixo, para que outra pessoa possa ficar com o lugar.',
    withdrawnFrom: 'Estava também na lista de espera destas sessões: retirámo-lo dessas listas.',
  },
  alreadyReserved: {
    subject: 'A sua reserva para {{title}}, {{day}}',
    preheader: 'Já tem uma reserva. Enviamos-lhe de novo os detalhes.',
    heading: 'Já tem uma reserva',
    attempt:
      'Recebemos agora um pedido de reserva para «{{title}}» com este endereço de e-mail. Como já tem uma reserva, não criámos outra.',
    confirmed:
      'Enviamos-lhe de novo os detalhes, com a ligação para gerir a sua reserva. É a mesma ligação dos nossos e-mails anteriores e continua a funcionar.',
    waitlisted:
      'Está na lista de espera. Enviamos-lhe de novo a ligação para gerir a sua inscrição: é a mesma dos nossos e-mails anteriores e continua a funcionar.',
    offered:
      'Guardamos um lugar para si até {{deadline}}: aceite-o na página de «Gerir a minha reserva», mais abaixo. É a mesma ligação dos nossos e-mails anteriores e continua a funcionar.',
  },
  attendeeCancellation: {
    subject: 'Reserva cancelada: {{title}}, {{day}}',
    preheader: 'A sua reserva foi cancelada.',
    heading: 'A sua reserva foi cancelada',
    cancelled: 'A sua reserva para «{{title}}» foi cancelada.',
    cancelledAndRemoved: 'A sua reserva para «{{title}}» foi cancelada e o evento foi retirado do seu calendário.',
    again:
      'Esperamos contar com a sua presença numa próxima sessão. Se foi engano, pode voltar a reservar enquanto houver lugares.',
    byClinic: 'A sua reserva para «{{title}}» foi cancelada pela equipa de {{clinic}}.',
    byClinicAndRemoved:
      'A sua reserva para «{{title}}» foi cancelada pela equipa de {{clinic}} e o evento foi retirado do seu calendário.',
    reason: 'Motivo: {{reason}}',
  },
  eventChanged: {
    subject: 'Alteração: {{title}}, {{day}}',
    preheader: 'Alterámos os detalhes do seu evento. Confirme-os, por favor.',
    heading: 'O seu evento foi alterado',
    changed: 'Fizemos uma alteração a «{{title}}». Confirme, por favor, os detalhes abaixo.',
    seatKept: 'O seu lugar mantém-se e o convite no calendário foi atualizado.',
    placeKept: 'O seu lugar na lista de espera mantém-se.',
    offerKept:
      'O lugar guardado para si mantém-se até {{deadline}}: aceite-o na página de «Gerir a minha reserva», mais abaixo.',
  },
  eventCancelled: {
    subject: 'Evento cancelado: {{title}}, {{day}}',
    preheader: 'Lamentamos: tivemos de cancelar este evento.',
    heading: 'Este evento foi cancelado',
    cancelled: 'Lamentamos, mas tivemos de cancelar «{{title}}». A sua reserva foi cancelada.',
    cancelledAndRemoved:
      'Lamentamos, mas tivemos de cancelar «{{title}}». A sua reserva foi cancelada e o evento foi retirado do seu calendário.',
    apology: 'Pedimos desculpa pelo incómodo. Se tiver alguma dúvida, ligue-nos para o {{phone}}.',
    reason: 'O motivo: {{reason}}',
    otherSessions: 'Se quiser, pode reservar outra das nossas sessões:',
  },
  reminder: {
    subject: 'Lembrete: {{title}} começa {{startsIn}}',
    preheader: 'Até breve: {{title}}, {{when}}.',
    heading: 'Até breve',
    body: 'Lembramos que «{{title}}» começa {{startsIn}}. Contamos consigo!',
    cantCome:
      'Se já não puder vir, cancele, por favor, em «Gerir a minha reserva», mais abaixo, para que alguém da lista de espera possa ficar com o seu lugar.',
  },
  reconfirm: {
    subject: 'Ainda vem? {{title}}, {{day}}',
    preheader: 'Diga-nos, por favor, se ainda vem: basta um clique.',
    heading: 'Ainda vem?',
    ask_one: 'Tem {{count}} lugar em «{{title}}», {{when}}. Diga-nos, por favor, se ainda vem.',
    ask_other: 'Tem {{count}} lugares em «{{title}}», {{when}}. Diga-nos, por favor, se ainda vem.',
    why: 'Se não puder vir, o seu lugar passa de imediato para a pessoa seguinte na lista de espera. Cada ligação abaixo abre uma página onde confirma a sua resposta.',
    answer: 'A sua resposta:',
    yes: 'Sim, vou',
    no: 'Não posso ir',
  },
  releaseWarning: {
    subject: 'Último aviso: ainda vem a {{title}}?',
    preheader: 'Ainda não recebemos a sua resposta. Responda, por favor, ou o seu lugar passa para a lista de espera.',
    heading: 'Responda, por favor: ainda vem?',
    ask_one:
      'Perguntámos se ainda vem a «{{title}}», {{when}}, e ainda não recebemos resposta. Tem {{count}} lugar reservado.',
    ask_other:
      'Perguntámos se ainda vem a «{{title}}», {{when}}, e ainda não recebemos resposta. Tem {{count}} lugares reservados.',
    deadline:
      'Se não tivermos resposta até {{deadline}}, a sua reserva é libertada e o lugar passa para alguém da lista de espera.',
    soon: 'Se não tivermos resposta em breve, a sua reserva é libertada e o lugar passa para alguém da lista de espera.',
  },
  released: {
    subject: 'Lugar libertado: {{title}}, {{day}}',
    preheader: 'Não confirmou que vinha, por isso o seu lugar passou para a lista de espera.',
    heading: 'O seu lugar foi libertado',
    released: 'Não confirmou que vinha a «{{title}}», por isso demos o seu lugar a alguém da lista de espera.',
    releasedAndRemoved:
      'Não confirmou que vinha a «{{title}}», por isso demos o seu lugar a alguém da lista de espera e retirámos o evento do seu calendário.',
    again: 'Se ainda quiser vir, pode reservar de novo enquanto houver lugares, ou ligar-nos para o {{phone}}.',
  },
  seatOffer: {
    subject: 'Há um lugar para si: {{title}}, {{day}}',
    preheader: 'Vagou um lugar. Se o aceitar a tempo, é seu.',
    heading: 'Há um lugar livre para si',
    free_one:
      'Vagou um lugar na sessão «{{title}}» e é o próximo na lista de espera: guardamos {{count}} lugar para si.',
    free_other:
      'Vagaram lugares na sessão «{{title}}» e é o próximo na lista de espera: guardamos {{count}} lugares para si.',
    deadline:
      'Como a sessão começa em breve, aceite, por favor, até {{deadline}}. Se não o fizer, o lugar passa para a pessoa seguinte na lista de espera.',
    shortTime:
      'Como a sessão começa em breve, a oferta está aberta por pouco tempo. Se não a aceitar a tempo, o lugar passa para a pessoa seguinte na lista de espera.',
    decline:
      'Afinal não pode vir? Abra a ligação e carregue em «Não, obrigado», para que outra pessoa fique já com o lugar.',
    withdrawnFrom:
      'Estava também na lista de espera destas sessões: como este lugar está guardado para si, retirámo-lo dessas listas.',
    button: 'Aceitar o meu lugar',
    buttonHint: 'Aí pode aceitar o lugar ou deixá-lo para a pessoa seguinte.',
  },
  offerLapsed: {
    subject: 'Oferta de lugar expirada: {{title}}, {{day}}',
    preheader: 'O lugar que guardámos para si passou para a pessoa seguinte na lista de espera.',
    heading: 'A sua oferta de lugar expirou',
    lapsed:
      'Guardámos um lugar para si na sessão «{{title}}», mas não foi aceite a tempo, por isso passou para a pessoa seguinte na lista de espera.',
    again: 'Pode voltar a reservar enquanto houver lugares. Alguma dúvida? Ligue-nos para o {{phone}}.',
  },
  startsIn: {
    soon: 'em breve',
    days_one: 'dentro de 24 horas',
    days_other: 'dentro de {{count}} dias',
    hours_one: 'dentro de {{count}} hora',
    hours_other: 'dentro de {{count}} horas',
    minutes_one: 'dentro de {{count}} minuto',
    minutes_other: 'dentro de {{count}} minutos',
  },
  invite: {
    when: 'Quando: {{when}}',
    where: 'Onde: {{where}}',
    reservation_one: 'Reserva: {{count}} lugar, código de confirmação {{code}}',
    reservation_other: 'Reserva: {{count}} lugares, código de confirmação {{code}}',
    manage: 'Gerir a sua reserva: {{url}}',
    cancelled: 'Esta reserva foi cancelada.',
    contact: '{{clinic}}, {{phone}}',
  },
};

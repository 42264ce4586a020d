import type { CatalogShape } from '../catalog-shape.js';
import type { errorsEn } from './errors.en.js';

export const errorsPtPT: CatalogShape<typeof errorsEn> = {
  code: {
    EVENT_FULL: 'Lamentamos, não há lugares livres suficientes para o seu grupo.',
    EVENT_NOT_OPEN: 'Este evento não está a aceitar reservas: foi cancelado, já terminou ou já começou.',
    REGISTRATION_CLOSED: 'As inscrições para este evento estão encerradas.',
    REGISTRATION_NOT_YET_OPEN: 'As inscrições abrem a {{opensAt}}.',
    PARTY_TOO_LARGE: 'Neste evento só pode reservar até {{max}} lugares de cada vez.',
    ALREADY_RESERVED:
      'Este endereço de e-mail já tem uma reserva para este evento. Enviámos os respetivos detalhes para esse endereço.',
    SWITCH_NOT_ALLOWED: 'A sua reserva só pode passar para outra sessão da mesma clínica.',
    RESERVATION_CHANGED: 'A sua reserva foi alterada entretanto. Consulte-a de novo e tente outra vez.',
    NOT_CONFIRMED: 'O convite para o calendário acompanha um lugar confirmado; está na lista de espera.',
    NOT_FOUND: 'Não encontrámos essa página.',
    RATE_LIMITED: 'Demasiadas tentativas a partir da sua ligação. Aguarde um minuto e tente de novo.',
    CSRF_FAILED: 'Este formulário expirou. Tente de novo, por favor.',
    BOT_CHECK_FAILED: 'Confirme que não é um robô e envie o formulário de novo.',
    VALIDATION_FAILED: 'Corrija os campos assinalados abaixo.',
    INTERNAL_ERROR: 'Ocorreu um erro do nosso lado. Tente de novo dentro de momentos.',
    SERVICE_UNAVAILABLE: 'De momento não conseguimos responder. Tente de novo dentro de um minuto.',
    INPUT_TOO_DEEP: 'Não foi possível ler este formulário. Recarregue a página e tente de novo.',
    INVALID_VALUE: 'Algo neste formulário não pôde ser aceite. Verifique-o e tente de novo.',
    ALREADY_EXISTS: 'Isto já existe. Recarregue a página para o ver.',
    REFERENCE_CONFLICT: 'Isto refere-se a algo que já não existe. Recarregue a página e tente de novo.',
    CONSTRAINT_VIOLATED: 'Essa alteração não é possível. Recarregue a página e tente de novo.',
    // A receção (issue 8).
    CHECK_IN_NOT_OPEN: 'O registo de entradas deste evento ainda não abriu.',
    CHECK_IN_CLOSED: 'O registo de entradas deste evento já fechou.',
    CODE_FOR_ANOTHER_EVENT: 'Este código de confirmação é de outra sessão.',
    ROOM_FULL: 'A sala está cheia: deixar entrar mais pessoas exige uma autorização da equipa.',
    PARTY_DOES_NOT_FIT: 'Não há lugares livres suficientes para este grupo.',
    NOT_WAITLISTED: 'Esta reserva já não está na lista de espera.',
    NOT_CANCELLABLE: 'Esta reserva já não pode ser cancelada.',
    // Lista de espera em várias sessões (issue 9).
    ALSO_WAIT_FOR_INVALID: 'Uma das sessões que escolheu não pode ser aguardada juntamente com esta.',
    ALSO_WAIT_FOR_NOT_FULL: 'Uma das sessões que escolheu tem agora um lugar livre: reserve-o diretamente.',
  },
  field: {
    name: 'Indique o seu nome (até 200 caracteres).',
    email: 'Indique um endereço de e-mail válido, por exemplo ana@exemplo.pt.',
    phone: 'Indique um número de telefone só com algarismos, espaços e + ( ) - .',
    partySize: 'Escolha quantos lugares precisa.',
    privacyPolicy: 'Aceite o aviso de privacidade para reservar um lugar.',
    eventId: 'Escolha uma sessão.',
  },
};

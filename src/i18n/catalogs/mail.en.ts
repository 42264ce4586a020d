/**
 * Words of the e-mails and invites (English, the source of the keys). Values are plain text: the mail
 * templates escape them for HTML, so no markup here. Keep `{{placeholders}}` the same in every language.
 */
export const mailEn = {
  greeting: 'Hello {{name}},',
  label: {
    when: 'When',
    where: 'Where',
    joinOnline: 'Join online',
    seats: 'Seats',
    confirmationCode: 'Confirmation code',
  },
  place: {
    online: 'Online',
    onlineAt: 'Online: {{url}}',
  },
  seats_one: '{{count}} seat',
  seats_other: '{{count}} seats',
  manage: {
    button: 'Manage your reservation',
    hint: 'There you can see your reservation, change the number of seats or cancel.',
  },
  calendar: {
    link: 'Add to Google Calendar',
    attached:
      'The calendar invite is also attached to this e-mail (invite.ics): open it to add the event to any calendar.',
    details: 'Confirmation code {{code}}. Manage your reservation: {{url}}',
  },
  joinHint:
    'On the day, open the “Join online” link a few minutes before the start. The link is yours alone: please do not forward it.',
  contact: 'Questions? Call us on {{phone}}.',
  signOff: 'Warm regards,',
  footer: 'You are receiving this e-mail because this address was used to make a reservation.',
  doorCode: {
    caption: 'At the door, show this code or tell us your confirmation code {{code}}.',
    alt: 'QR code of your confirmation code {{code}}',
  },
  confirmation: {
    subject: 'Confirmed: {{title}}, {{day}}',
    preheader: 'Your reservation is confirmed. Confirmation code {{code}}.',
    heading_one: 'Your seat is reserved',
    heading_other: 'Your seats are reserved',
    thanks_one: 'Thank you for your booking. We have saved {{count}} seat for you at {{title}}.',
    thanks_other: 'Thank you for your booking. We have saved {{count}} seats for you at {{title}}.',
    keep: 'Please keep this e-mail: with “Manage your reservation” below you can change or cancel your reservation at any time.',
  },
  waitlisted: {
    subject: "You're on the waiting list: {{title}}, {{day}}",
    preheader: 'The event is full for now. We will write as soon as a seat is yours.',
    heading: 'You are on the waiting list',
    full: '{{title}} is fully booked at the moment, so we have put you on the waiting list.',
    next: 'If a seat frees up, we will confirm you straight away, in the order people joined the list, and send you the calendar invite. You do not need to do anything.',
    alsoWaiting:
      'You are on the waiting list of these sessions too. The first seat that frees up in any of them is yours, and we take you off the other lists:',
  },
  promotion: {
    subject: 'A seat is yours: {{title}}, {{day}}',
    preheader: 'Good news: a place has opened up and your reservation is now confirmed.',
    heading: 'Good news: you have a seat',
    confirmed_one: 'A place has opened up and your {{count}} seat for {{title}} is now confirmed.',
    confirmed_other: 'A place has opened up and your {{count}} seats for {{title}} are now confirmed.',
    cancelIfNot:
      'If you can no longer come, please cancel through “Manage your reservation” below, so that someone else can have the seat.',
    withdrawnFrom: 'You were also on the waiting list of these sessions: we have taken you off those lists.',
  },
  alreadyReserved: {
    subject: 'Your reservation for {{title}}, {{day}}',
    preheader: 'You already have a reservation. Here are your details again.',
    heading: 'You already have a reservation',
    attempt:
      'Someone, hopefully you, just tried to book {{title}} with this e-mail address. You already have a reservation, so we did not make a second one.',
    confirmed:
      'Here are your details again, with the link to manage your reservation. It is the same link as in our earlier e-mails, and it still works.',
    waitlisted:
      'You are on the waiting list. Here is the link to manage your place again: the same link as in our earlier e-mails, and it still works.',
    offered:
      'A seat is held for you until {{deadline}}: accept it on the page behind “Manage your reservation” below. It is the same link as in our earlier e-mails, and it still works.',
  },
  attendeeCancellation: {
    subject: 'Cancelled: {{title}}, {{day}}',
    preheader: 'Your reservation is cancelled.',
    heading: 'Your reservation is cancelled',
    cancelled: 'Your reservation for {{title}} is cancelled.',
    cancelledAndRemoved: 'Your reservation for {{title}} is cancelled and the event is removed from your calendar.',
    again:
      'We hope to see you at another session soon. If this was a mistake, you are welcome to book again while places are available.',
    byClinic: '{{clinic}} has cancelled your reservation for {{title}}.',
    byClinicAndRemoved:
      '{{clinic}} has cancelled your reservation for {{title}}, and the event is removed from your calendar.',
    reason: 'The reason: {{reason}}',
  },
  eventChanged: {
    subject: 'Updated: {{title}}, {{day}}',
    preheader: 'We have changed the details of your event. Please check them.',
    heading: 'Your event has changed',
    changed: 'We have made a change to {{title}}. Please check the details below.',
    seatKept: 'Your seat is kept and the calendar invite is updated.',
    placeKept: 'Your place on the waiting list is kept.',
    offerKept:
      'The seat held for you is kept until {{deadline}}: accept it on the page behind “Manage your reservation” below.',
  },
  eventCancelled: {
    subject: 'Event cancelled: {{title}}, {{day}}',
    preheader: 'We are sorry: we have had to cancel this event.',
    heading: 'This event is cancelled',
    cancelled: 'We are sorry: we have had to cancel {{title}}. Your reservation is cancelled.',
    cancelledAndRemoved:
      'We are sorry: we have had to cancel {{title}}. Your reservation is cancelled and the event is removed from your calendar.',
    apology: 'Please accept our apologies. If you have any questions, call us on {{phone}}.',
    reason: 'The reason: {{reason}}',
    otherSessions: 'You are welcome to book another of our sessions instead:',
  },
  reminder: {
    subject: 'Reminder: {{title}} starts {{startsIn}}',
    preheader: 'See you soon: {{title}}, {{when}}.',
    heading: 'See you soon',
    body: 'A quick reminder that {{title}} starts {{startsIn}}. We look forward to seeing you.',
    cantCome:
      'If you can no longer come, please cancel through “Manage your reservation” below, so that someone on the waiting list can have your seat.',
  },
  reconfirm: {
    subject: 'Still coming? {{title}}, {{day}}',
    preheader: 'Please tell us whether you are still coming: one click is enough.',
    heading: 'Are you still coming?',
    ask_one: 'You have {{count}} seat at {{title}}, {{when}}. Please tell us whether you are still coming.',
    ask_other: 'You have {{count}} seats at {{title}}, {{when}}. Please tell us whether you are still coming.',
    why: 'If you cannot come, your seat goes straight to the next person on the waiting list. Each link below opens a page where you confirm your answer.',
    answer: 'Your answer:',
    yes: 'Yes, I’m coming',
    no: 'I can’t come',
  },
  releaseWarning: {
    subject: 'Last call: are you still coming to {{title}}?',
    preheader: 'We have not heard from you yet. Please answer, or your seat goes to the waiting list.',
    heading: 'Please answer: are you still coming?',
    ask_one:
      'We asked whether you are still coming to {{title}}, {{when}}, and have not heard from you yet. You have {{count}} seat.',
    ask_other:
      'We asked whether you are still coming to {{title}}, {{when}}, and have not heard from you yet. You have {{count}} seats.',
    deadline:
      'If we have no answer by {{deadline}}, your reservation is released and the seat goes to someone on the waiting list.',
    soon: 'If we have no answer soon, your reservation is released and the seat goes to someone on the waiting list.',
  },
  released: {
    subject: 'Seat released: {{title}}, {{day}}',
    preheader: 'You did not confirm that you are coming, so your seat has gone to the waiting list.',
    heading: 'Your seat has been released',
    released:
      'You did not confirm that you are coming to {{title}}, so we have given your seat to someone on the waiting list.',
    releasedAndRemoved:
      'You did not confirm that you are coming to {{title}}, so we have given your seat to someone on the waiting list and removed the event from your calendar.',
    again:
      'If you would still like to come, you are welcome to book again while places are available, or call us on {{phone}}.',
  },
  seatOffer: {
    subject: 'A seat is free for you: {{title}}, {{day}}',
    preheader: 'A place has opened up. Accept it in time and it is yours.',
    heading: 'A seat is free for you',
    free_one:
      'A place has opened up at {{title}}, and you are next on the waiting list: {{count}} seat is held for you.',
    free_other:
      'A place has opened up at {{title}}, and you are next on the waiting list: {{count}} seats are held for you.',
    deadline:
      'As the event starts soon, please accept by {{deadline}}. If you do not, the seat goes to the next person on the waiting list.',
    shortTime:
      'As the event starts soon, the offer is open for a short time only. If you do not accept in time, the seat goes to the next person on the waiting list.',
    decline:
      'Cannot come after all? Open the link and press “No thanks”, so that someone else can have the seat at once.',
    withdrawnFrom:
      'You were also on the waiting list of these sessions: as this seat is held for you, we have taken you off those lists.',
    button: 'Accept my seat',
    buttonHint: 'There you can accept the seat, or let it go to the next person.',
  },
  offerLapsed: {
    subject: 'Seat offer lapsed: {{title}}, {{day}}',
    preheader: 'The seat we held for you has gone to the next person on the waiting list.',
    heading: 'Your seat offer has lapsed',
    lapsed:
      'We held a place at {{title}} for you, but it was not accepted in time, so it has gone to the next person on the waiting list.',
    again: 'You are welcome to book again while places are available. If you have any questions, call us on {{phone}}.',
  },
  startsIn: {
    soon: 'soon',
    days_one: 'in 24 hours',
    days_other: 'in {{count}} days',
    hours_one: 'in {{count}} hour',
    hours_other: 'in {{count}} hours',
    minutes_one: 'in {{count}} minute',
    minutes_other: 'in {{count}} minutes',
  },
  invite: {
    when: 'When: {{when}}',
    where: 'Where: {{where}}',
    reservation_one: 'Reservation: {{count}} seat, confirmation code {{code}}',
    reservation_other: 'Reservation: {{count}} seats, confirmation code {{code}}',
    manage: 'Manage your reservation: {{url}}',
    cancelled: 'This reservation is cancelled.',
    contact: '{{clinic}}, {{phone}}',
  },
};

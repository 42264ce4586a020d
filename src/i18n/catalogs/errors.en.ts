/** Error codes (DESIGN rule 9) and field problems as a person reads them beside a form. */
export const errorsEn = {
  code: {
    EVENT_FULL: 'Sorry, there are not enough free seats for your party.',
    EVENT_NOT_OPEN: 'This event is not taking reservations: it is cancelled, over or has already started.',
    REGISTRATION_CLOSED: 'Registration for this event is closed.',
    REGISTRATION_NOT_YET_OPEN: 'Registration opens on {{opensAt}}.',
    PARTY_TOO_LARGE: 'At most {{max}} seats can be reserved together for this event.',
    ALREADY_RESERVED: 'This e-mail address already has a reservation for this event. We have sent its details to that address.',
    SWITCH_NOT_ALLOWED: 'Your reservation can only move to another session of the same clinic.',
    RESERVATION_CHANGED: 'Your reservation changed in the meantime. Please look at it again and retry.',
    NOT_CONFIRMED: 'A calendar invite comes with a confirmed seat; you are on the waiting list.',
    NOT_FOUND: 'We could not find that page.',
    RATE_LIMITED: 'Too many attempts from your connection. Please wait a minute and try again.',
    CSRF_FAILED: 'This form has expired. Please try again.',
    BOT_CHECK_FAILED: 'Please complete the check that you are not a robot, then send the form again.',
    VALIDATION_FAILED: 'Please correct the fields marked below.',
    INTERNAL_ERROR: 'Something went wrong on our side. Please try again in a moment.',
    SERVICE_UNAVAILABLE: 'We cannot take requests at the moment. Please try again in a minute.',
  },
  field: {
    name: 'Please enter your name (up to 200 characters).',
    email: 'Please enter a valid e-mail address, such as ana@example.com.',
    phone: 'Please enter a phone number using digits, spaces and + ( ) - . only.',
    partySize: 'Please choose how many seats you need.',
    privacyPolicy: 'Please accept the privacy notice to reserve a seat.',
    eventId: 'Please choose a session.',
  },
};

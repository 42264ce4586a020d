/** Words shared by every back-office page (staff and admin): the frame and its navigation. */
export const officeEn = {
  brand: 'Seminar desk',
  nav: {
    label: 'Back office',
    today: 'Today',
    events: 'Events',
    clinics: 'Clinics',
    staff: 'Staff',
    series: 'Series',
    dashboard: 'Dashboard',
    audit: 'Audit log',
    settings: 'Defaults',
    signedInAs: 'Signed in as {{name}}',
    signOut: 'Sign out',
  },
  /** Error pages of the back office (a refused page, a link to something gone, a failure). */
  errors: {
    title_403: 'Not available to your account',
    title_404: 'Not found',
    title_409: 'That did not work',
    title_429: 'Please wait a moment',
    title_500: 'Something went wrong',
    title_503: 'Temporarily unavailable',
    titleForm: 'This form could not be sent',
    titleOther: 'That did not work',
    code: {
      NOT_FOUND: 'There is nothing at this address: the link may be mistyped, or what it showed was removed.',
      FORBIDDEN: 'Your account may not open this page. If you need it, ask an administrator.',
      CLINIC_ACCESS_DENIED:
        'This belongs to a clinic your account does not work for. If you need it, ask an administrator.',
      ADMIN_ONLY: 'Only administrators may open this page.',
      OTHER: 'This request could not be completed. Please go back and try again.',
    },
    home: 'Back to today',
    signIn: 'Sign in',
  },
};

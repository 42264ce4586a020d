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
};

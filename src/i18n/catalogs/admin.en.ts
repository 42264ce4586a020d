/** The admin pages: clinics, staff accounts, events, series, defaults. */
export const adminEn = {
  title: 'admin',
};

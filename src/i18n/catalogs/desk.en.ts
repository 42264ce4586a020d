/** The staff pages: today, an event at the door (check-in, walk-ins, waiting list). */
export const deskEn = {
  title: 'desk',
};

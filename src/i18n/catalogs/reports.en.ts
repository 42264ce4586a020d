/** Records: the chain dashboard, the audit log, the calendar feed. */
export const reportsEn = {
  title: 'reports',
};

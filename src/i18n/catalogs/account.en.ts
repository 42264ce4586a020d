/** Sign-in, sign-out, password reset and accepting an invitation (back office). */
export const accountEn = {
  title: 'account',
};

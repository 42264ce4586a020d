/** Sign-in, sign-out, password reset and accepting an invitation (back office). */
export const accountEn = {
  signIn: {
    title: 'Sign in',
    intro: 'Sign in with the e-mail address and password of your staff account.',
    email: 'E-mail address',
    password: 'Password',
    submit: 'Sign in',
    forgot: 'Forgot your password?',
    errorSummary: 'You are not signed in yet',
    failed: 'That e-mail address and password do not match an account that can sign in. Check them and try again.',
    signedOut: 'You have signed out.',
    expired: 'Your session has ended. Please sign in again.',
    passwordSet: 'Your new password is set. Please sign in with it.',
  },
  field: {
    email: 'Please enter your e-mail address, such as ana@clinic.example.',
    password: 'Please enter your password.',
  },
  mine: {
    title: 'Your account',
    name: 'Name',
    email: 'E-mail address',
    role: 'Role',
    roles: { admin: 'Administrator', staff: 'Clinic staff' },
    clinicsTitle: 'Your clinics',
    noClinics: 'You are not assigned to any clinic yet. An administrator can add you to one.',
  },
  refused: {
    title: 'Not available to your account',
    ADMIN_ONLY: 'Only administrators can open this page.',
    CLINIC_ACCESS_DENIED: 'This page belongs to a clinic you do not work for.',
    CSRF_FAILED: 'This form has expired or did not come from our site. Go back, reload the page and try again.',
    FORBIDDEN: 'Your account cannot open this page.',
    home: 'Back to today',
  },
};

import type { Actor } from '../../common/auth/actor.js';

/**
 * Who is signed in to the back-office pages, as the session guard puts it on the request
 * (`request.signedIn`) for every @StaffPage() route. Templates get it as `it.signedIn` to draw the
 * navigation and the sign-out form.
 */
export interface SignedInStaff {
  actor: Actor;
  sessionId: string;
  name: string;
  email: string;
  /** The CSRF token every form on a back-office page carries in its `_csrf` field (bound to the session). */
  csrfToken: string;
}

export interface SignedInRequest {
  signedIn?: SignedInStaff;
}

/**
 * What a person needs once the service listens: where the pages, the back office, the API documentation
 * and the health check are, which database it uses, and, when the demo data is there, how to sign in.
 * Printed as text for a person (LOG_FORMAT=text) or as one structured log line (LOG_FORMAT=json).
 */
export interface StartFacts {
  /** PUBLIC_BASE_URL, without a trailing slash. */
  baseUrl: string;
  /** Where the data lives, never with a password (see resolve-database.ts). */
  database: string;
  /** The demo accounts that sign in with their well-known password on this database; empty without demo data. */
  demoSignIns: readonly { role: string; email: string; password: string }[];
}

function addresses({ baseUrl }: StartFacts) {
  return {
    pages: `${baseUrl}/`,
    staffSignIn: `${baseUrl}/staff/sign-in`,
    docs: `${baseUrl}/docs`,
    health: `${baseUrl}/health`,
  };
}

/** A few lines for a terminal. Each demo sign-in is one line: `  admin  <e-mail>  password: <password>`. */
export function startBannerText(facts: StartFacts): string {
  const at = addresses(facts);
  const lines = [
    '',
    'Clinic seminars is ready',
    `  Pages          ${at.pages}`,
    `  Staff sign-in  ${at.staffSignIn}`,
    `  API docs       ${at.docs}`,
    `  Health         ${at.health}`,
    `  Database       ${facts.database}`,
  ];
  return `${[...lines, ...demoSignInLines(facts.demoSignIns)].join('\n')}\n\n`;
}

/** The demo sign-ins section (nothing without demo data); also printed by `seed-demo.ts`. */
export function demoSignInLines(signIns: StartFacts['demoSignIns']): string[] {
  if (signIns.length === 0) return [];
  const width = Math.max(...signIns.map((account) => account.email.length));
  return [
    '',
    `Demo sign-ins (well-known passwords: demo data only, never real people's data)`,
    ...signIns.map(({ role, email, password }) => `  ${role.padEnd(6)} ${email.padEnd(width)}  password: ${password}`),
  ];
}

/** The same facts as one log record; demo passwords stay out of logs (they are in the README). */
export function startBannerRecord(facts: StartFacts): Record<string, unknown> {
  return {
    message: `Ready at ${addresses(facts).pages}`,
    ...addresses(facts),
    database: facts.database,
    demoSignIns: facts.demoSignIns.map(({ role, email }) => ({ role, email })),
  };
}

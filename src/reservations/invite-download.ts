import type { Response } from '../common/http.js';

/**
 * Sends a reservation's current invite as a download, never cached (it sits behind a manage token).
 * Shared by the JSON API and the manage page, which adds its own headers first.
 */
export function sendInviteDownload(response: Response, { filename, ics }: { filename: string; ics: string }): void {
  response
    .status(200)
    .header('Content-Type', 'text/calendar; method=REQUEST; charset=UTF-8')
    .header('Content-Disposition', `attachment; filename="${filename}"`)
    .header('Cache-Control', 'no-store')
    .send(ics);
}

import type { Response } from 'express';

/**
 * Sends a reservation's current invite as a download, never cached (it sits behind a manage token).
 * Shared by the JSON API and the manage page, which adds its own headers first.
 */
export function sendInviteDownload(response: Response, { filename, ics }: { filename: string; ics: string }): void {
  response
    .status(200)
    .setHeader('Content-Type', 'text/calendar; method=REQUEST; charset=UTF-8')
    .setHeader('Content-Disposition', `attachment; filename="${filename}"`)
    .setHeader('Cache-Control', 'no-store')
    .send(ics);
}

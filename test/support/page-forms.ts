import type { Response } from 'supertest';

/** Reading our server-rendered pages in HTTP-level tests: hidden form fields, field errors, links. */

export function hiddenField(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`No hidden field ${name} in the page`);
  return match[1];
}

export function fieldError(html: string, field: string): string | undefined {
  return new RegExp(`<small id="error-${field}" class="field-error">([^<]*)</small>`).exec(html)?.[1];
}

export function inputValue(html: string, id: string): string | undefined {
  return new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];
}

export function manageTokenOf(location: string | undefined): string {
  const match = /^\/manage\/([A-Za-z0-9_-]+)\?welcome=1$/.exec(location ?? '');
  if (!match) throw new Error(`Not a manage redirect: ${location}`);
  return match[1];
}

export function htmlOf(response: Response): string {
  if (!/text\/html/.test(String(response.headers['content-type'])))
    throw new Error(`Not HTML: ${response.headers['content-type']}`);
  return response.text;
}

/** The form fields a person fills in on the event page. */
export function reservationForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Maria João Gonçalves',
    email: `maria-${Math.random().toString(36).slice(2, 8)}@example.pt`,
    phone: '',
    partySize: '1',
    privacyPolicy: 'yes',
    reminders: 'yes',
    website: '',
    ...overrides,
  };
}

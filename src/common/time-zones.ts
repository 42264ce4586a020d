/**
 * Returns the runtime zone database's canonical name for an IANA zone ("us/eastern" → "America/New_York"),
 * or undefined when the name is unknown. Fixed offsets such as "+02:00" are not zones and are refused.
 */
export function canonicalTimeZone(zone: string): string | undefined {
  if (typeof zone !== 'string' || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function isValidTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== undefined;
}

import type { Payload } from 'altcha-lib';

/** The honeypot: a text field people never see (hidden by bot-check.css), which form-filling bots tend to fill. */
export const HONEYPOT_FIELD = 'website';

/** The field the ALTCHA widget adds to the form, holding its solved challenge (the widget's default name). */
export const SOLUTION_FIELD = 'altcha';

/** A payload is a few hundred bytes; anything much larger is not the widget's. */
const MAX_PAYLOAD_LENGTH = 4_096;

export type SolutionField = { kind: 'none' } | { kind: 'malformed' } | { kind: 'payload'; payload: Payload };

/** True when the honeypot holds anything but white space (a repeated field counts if any copy is filled). */
export function honeypotFilled(form: Record<string, unknown>): boolean {
  const value = form[HONEYPOT_FIELD];
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => (typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null));
}

/**
 * The widget's payload: base64 of `{ challenge: { parameters, signature }, solution: { counter, derivedKey } }`.
 * An empty field is no solution (JavaScript off, or the widget not yet done); anything else that does not
 * decode to that shape was not made by the widget.
 */
export function readSolutionField(form: Record<string, unknown>): SolutionField {
  const value = form[SOLUTION_FIELD];
  if (value === undefined || value === null || value === '') return { kind: 'none' };
  if (typeof value !== 'string' || value.length > MAX_PAYLOAD_LENGTH) return { kind: 'malformed' };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    return { kind: 'malformed' };
  }
  return isPayload(decoded) ? { kind: 'payload', payload: decoded } : { kind: 'malformed' };
}

function isPayload(value: unknown): value is Payload {
  if (!isObject(value)) return false;
  const { challenge, solution } = value;
  return (
    isObject(challenge) &&
    isObject(challenge.parameters) &&
    typeof challenge.parameters.nonce === 'string' &&
    typeof challenge.signature === 'string' &&
    isObject(solution) &&
    typeof solution.counter === 'number' &&
    typeof solution.derivedKey === 'string'
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { describe, expect, it } from '@jest/globals';
import { inspectInput, MAX_INPUT_DEPTH, unsafeInputError } from './unsafe-input.js';

const nested = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

describe('the check at the door', () => {
  it('measures depth without recursion, even far past the stack', () => {
    expect(inspectInput(nested(MAX_INPUT_DEPTH), 'body').tooDeep).toBe(false);
    expect(inspectInput(nested(MAX_INPUT_DEPTH + 1), 'body').tooDeep).toBe(true);
    expect(inspectInput(nested(200_000), 'body').tooDeep).toBe(true);
  });

  it('names each bad string as class-validator would, and takes line breaks (the DTO decides where)', () => {
    const findings = inspectInput({ name: 'ok\nfine', address: { line1: 'a\u0000b' }, tags: ['x', '\ud800'] }, 'body');
    expect(findings.fields.map((f) => f.field)).toEqual(['address.line1', 'tags.1']);
    expect(findings.fields[0].problems).toEqual(['address.line1 must not contain control characters']);
    expect(inspectInput('\u0000', 'body').fields.map((f) => f.field)).toEqual(['body']);
  });

  it('refuses a property name with control characters, shown without them', () => {
    expect(inspectInput({ 'x\u0000y': 1 }, 'body').fields[0].field).toBe('x\ufffdy');
  });

  it('answers the path, the query and the body with the usual error shapes', () => {
    expect(
      unsafeInputError({ url: '/api/clinics/lakeside', query: { clinic: 'lakeside' }, body: { name: 'Ana' } }),
    ).toBeUndefined();
    // A path segment no id, slug or token can be names nothing, on pages too.
    expect(unsafeInputError({ url: '/api/clinics/%00', query: {}, body: undefined })).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(unsafeInputError({ url: '/manage/a%E2%80%A8%0Ab', query: {}, body: undefined })).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(unsafeInputError({ url: '/api/events', query: { clinic: '\u0000' }, body: undefined })?.details).toEqual({
      fields: [{ field: 'clinic', problems: ['clinic must not contain control characters'] }],
    });
    expect(unsafeInputError({ url: '/api/auth/login', query: {}, body: { email: '\ud800' } })).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    // Pages read their own filters and forms (through the same DTOs): the door leaves their text to them.
    expect(unsafeInputError({ url: '/', query: { kind: '\u0000' }, body: undefined })).toBeUndefined();
    expect(unsafeInputError({ url: '/events/x/reserve', query: {}, body: { name: '\u0000' } })).toBeUndefined();
    expect(unsafeInputError({ url: '/events/x/reserve', query: {}, body: nested(33) })).toMatchObject({
      code: 'INPUT_TOO_DEEP',
    });
    expect(unsafeInputError({ url: '/api/x', query: {}, body: nested(40) })).toMatchObject({
      code: 'INPUT_TOO_DEEP',
      details: { maxDepth: 32 },
    });
    // Not valid percent-encoded UTF-8: left to the router, which answers 400 itself.
    expect(unsafeInputError({ url: '/api/clinics/%ED%A0%80', query: {}, body: undefined })).toBeUndefined();
  });

  it('reports at most 20 fields', () => {
    const body = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}`, '\u0000']));
    expect(inspectInput(body, 'body').fields).toHaveLength(20);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Issue 12: the API description is complete. Every operation under /api in the app's own OpenAPI document
 * (built by the real app, served at /docs/openapi.json) has a summary, a description of its rules, at least
 * one 4xx response whose description names its error code(s) (401 and 403 for a guarded route), a 2xx
 * response with a schema that has properties (204 and CSV/ICS answers may name their content type instead), and, when it takes
 * a JSON body, an example of that body. A route is guarded when an anonymous request gets 401 before
 * anything else is looked at (the global AuthGuard runs first), so the test does not trust the document's
 * own `security` for that; it must document 401, and 403 unless every signed-in account may call it.
 */

interface Schema {
  $ref?: string;
  type?: string;
  example?: unknown;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema;
}
interface Response {
  $ref?: string;
  description?: string;
  content?: Record<string, { schema?: Schema; example?: unknown }>;
}
interface Operation {
  summary?: string;
  description?: string;
  responses: Record<string, Response>;
  requestBody?: { content?: Record<string, { schema?: Schema; example?: unknown; examples?: unknown }> };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const CODE = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\bNOT_FOUND\b/;
const NON_JSON = ['text/csv', 'text/calendar'];
const DUMMY = '00000000-0000-4000-8000-000000000000';
/** Guarded routes open to every signed-in account, which therefore never answer 403. */
const EVERY_SIGNED_IN = new Set(['GET /api/auth/me']);

function deref(doc: Document, schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  if (schema.$ref) return deref(doc, doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.allOf?.length === 1) return { ...deref(doc, schema.allOf[0]), ...schema, allOf: undefined };
  return schema;
}

/** A schema a client can read: an object with properties, an array of such, or a plain value (followed through $ref). */
function hasShape(doc: Document, schema: Schema | undefined, depth = 0): boolean {
  const resolved = deref(doc, schema);
  if (!resolved || depth > 5) return false;
  if (resolved.items) return hasShape(doc, resolved.items, depth + 1);
  if (Object.keys(resolved.properties ?? {}).length > 0) return true;
  if ((resolved.allOf?.length ?? 0) > 1) return true;
  return ['string', 'number', 'integer', 'boolean'].includes(resolved.type ?? '');
}

/** An example on the schema itself, or on at least one of its properties (followed through $ref). */
function hasExample(doc: Document, schema: Schema | undefined, depth = 0): boolean {
  const resolved = deref(doc, schema);
  if (!resolved || depth > 5) return false;
  if (resolved.example !== undefined) return true;
  if (resolved.items && hasExample(doc, resolved.items, depth + 1)) return true;
  return Object.values(resolved.properties ?? {}).some((property) => hasExample(doc, property, depth + 1));
}

export function problemsOf(doc: Document, operation: Operation, guarded: boolean, everySignedIn = false): string[] {
  const problems: string[] = [];
  if (!operation.summary?.trim()) problems.push('no summary');
  if (!operation.description?.trim()) problems.push('no description');

  const responses = Object.entries(operation.responses ?? {});
  const clientErrors = responses.filter(([status]) => status.startsWith('4'));
  if (!clientErrors.some(([, response]) => CODE.test(response.description ?? '')))
    problems.push('no 4xx response naming its code');
  if (guarded) {
    for (const status of everySignedIn ? ['401'] : ['401', '403']) {
      const response = operation.responses?.[status];
      if (!response || !CODE.test(response.description ?? ''))
        problems.push(`guarded but no ${status} naming its code`);
    }
  }

  const success = responses.filter(([status]) => status.startsWith('2'));
  const documented = success.some(([status, response]) => {
    if (status === '204') return true;
    return Object.entries(response.content ?? {}).some(([type, media]) => {
      if (NON_JSON.some((nonJson) => type.startsWith(nonJson))) return true;
      return hasShape(doc, media.schema);
    });
  });
  if (!documented) problems.push('no 2xx response with a schema');

  const json = operation.requestBody?.content?.['application/json'];
  if (json && json.example === undefined && json.examples === undefined && !hasExample(doc, json.schema))
    problems.push('JSON body without an example');
  return problems;
}

describe('the OpenAPI document describes every /api operation (issue 12)', () => {
  let t: TestApp;
  let doc: Document;

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http().get('/docs/openapi.json').expect(200)).body as Document;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('has a summary, a description, coded 4xx answers, a 2xx schema and body examples on every operation', async () => {
    const problems: string[] = [];
    let count = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const method of METHODS) {
        const operation = methods[method];
        if (!operation) continue;
        count += 1;
        const url = path.replace(/\{[^}]+\}/g, DUMMY);
        const anonymous = await t.http()[method as 'get'](url).set('Accept', 'application/json');
        const guarded = anonymous.status === 401;
        for (const problem of problemsOf(
          doc,
          operation,
          guarded,
          EVERY_SIGNED_IN.has(`${method.toUpperCase()} ${path}`),
        ))
          problems.push(`${method.toUpperCase()} ${path}: ${problem}`);
      }
    }
    console.log(`openapi: ${count} operations under /api`);
    expect(count).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  }, 60_000);

  it('notices what is missing (the check itself can fail)', () => {
    const bare: Operation = { responses: { '200': { description: 'OK' } } };
    expect(problemsOf({ paths: {} }, bare, true)).toEqual([
      'no summary',
      'no description',
      'no 4xx response naming its code',
      'guarded but no 401 naming its code',
      'guarded but no 403 naming its code',
      'no 2xx response with a schema',
    ]);
    const withBody: Operation = {
      summary: 's',
      description: 'd',
      responses: {
        '201': {
          description: 'Created',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/X' } } },
        },
        '400': { description: 'VALIDATION_FAILED' },
      },
      requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/X' } } } },
    };
    expect(
      problemsOf(
        { paths: {}, components: { schemas: { X: { type: 'object', properties: { a: { type: 'string' } } } } } },
        withBody,
        false,
      ),
    ).toEqual(['JSON body without an example']);
    const emptyClass = { ...withBody, requestBody: undefined };
    expect(problemsOf({ paths: {}, components: { schemas: { X: { type: 'object' } } } }, emptyClass, false)).toEqual([
      'no 2xx response with a schema',
    ]);
    const complete = {
      ...withBody,
      requestBody: {
        content: {
          'application/json': { schema: { type: 'object', properties: { a: { type: 'string', example: 'x' } } } },
        },
      },
    };
    expect(
      problemsOf(
        { paths: {}, components: { schemas: { X: { type: 'object', properties: { a: { type: 'string' } } } } } },
        complete,
        false,
      ),
    ).toEqual([]);
  });
});

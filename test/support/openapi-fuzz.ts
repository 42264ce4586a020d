import fc from 'fast-check';

/**
 * Builders for the generated fuzz test (test/fuzz.e2e-spec.ts): the operations of the app's own OpenAPI
 * document, and requests for them that are mostly almost right (a valid-looking body with one field
 * broken, a real row's id) and sometimes plainly hostile (NUL, unpaired surrogates, deep nesting, wrong
 * types, random JSON, huge strings).
 */

// ————————————————————————————————————————————————————————————— the document

interface Schema {
  type?: string;
  $ref?: string;
  allOf?: Schema[];
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
}

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { parameters?: OpenApiParameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>
  >;
  components?: { schemas?: Record<string, Schema> };
}

export interface Operation {
  method: string;
  /** As the document writes it: `/api/events/{id}`. */
  path: string;
  pathParams: string[];
  queryParams: OpenApiParameter[];
  /** Dereferenced, or undefined when the operation takes no body. */
  body?: Schema;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]),
        queryParams: parameters.filter((p) => p.in === 'query'),
        body: bodySchema ? deref(doc, bodySchema) : undefined,
      });
    }
  }
  return operations;
}

/** Resolves $ref and single allOf wrappers, all the way down (our schemas have no cycles). */
function deref(doc: OpenApiDocument, schema: Schema): Schema {
  if (schema.$ref) return deref(doc, doc.components!.schemas![schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.allOf?.length === 1) return deref(doc, { ...schema.allOf[0], ...schema, allOf: undefined });
  return {
    ...schema,
    properties:
      schema.properties &&
      Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, deref(doc, value)])),
    items: schema.items && deref(doc, schema.items),
  };
}

// ————————————————————————————————————————————————————————————— values

/** Real rows to aim at, by path parameter name (`id` gets every kind of id: events, staff). */
export type RealValues = Record<string, string[]>;

const HOSTILE_STRINGS = [
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  'a\u001bb',
  'a\u007fb',
  'a\u0085b',
  'line\nbreak',
  'cr\rlf',
  '\t',
  '',
  ' ',
  '..',
  '%00',
  "'; DROP TABLE events; --",
  '😀'.repeat(50),
  'é'.repeat(300),
];

/** A string a client might send: random (any code unit, lone surrogates included), hostile, or huge. */
export const anyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.string({ maxLength: 10 }),
        fc.constantFrom('\u0000', '\ud800', '\u0007', '\n'),
        fc.string({ maxLength: 10 }),
      )
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 60_000 }).map((n) => 'x'.repeat(n)) },
);

/** Any JSON a client might send, nulls and wrong types included. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  anyString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER, [], {}, [null], { '': null }),
);

/** Arrays nested `levels` deep around a value. */
export function nestedArrays(levels: number, inner: unknown = 1): unknown {
  let value = inner;
  for (let level = 0; level < levels; level += 1) value = [value];
  return value;
}

const DAY = 86_400_000;
const instant = (fromNowMs: number) => new Date(Date.now() + fromNowMs).toISOString();

/** Instants that make a schedule that holds together (a week ahead, 90 minutes long, registration open now). */
const SCHEDULE: Record<string, () => string> = {
  startsAt: () => instant(7 * DAY),
  endsAt: () => instant(7 * DAY + 90 * 60_000),
  registrationOpensAt: () => instant(-60_000),
  registrationClosesAt: () => instant(6 * DAY),
};

/**
 * Values a schema would accept, or nearly: required properties always, optional ones now and then;
 * examples, enum members, minimums, a coherent schedule, a fresh e-mail address.
 */
export function plausible(schema: Schema, name = ''): fc.Arbitrary<unknown> {
  if (schema.properties) {
    const required = new Set(schema.required ?? []);
    return fc.record(
      Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, plausible(value, key)])),
      { requiredKeys: Object.keys(schema.properties).filter((key) => required.has(key)) },
    );
  }
  if (SCHEDULE[name]) return fc.constant(null).map(() => SCHEDULE[name]());
  if (/email/i.test(name))
    return fc
      .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 4, maxLength: 10 })
      .map((local) => `fuzz-${local}@example.org`);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  if (schema.example !== undefined) return fc.constant(schema.example);
  if (schema.default !== undefined) return fc.constant(schema.default);
  switch (schema.type) {
    case 'array':
      return schema.items ? fc.array(plausible(schema.items, name), { maxLength: 2 }) : fc.constant([]);
    case 'number':
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 1, max: (schema.minimum ?? 1) + 3 });
    case 'boolean':
      return fc.constantFrom(true, true, false); // consent must be true: mostly take it
    case 'string':
      return fc.constant('plain text');
    default:
      return fc.constant({});
  }
}

/** Every place in a value a mutation can aim at, as property paths. */
function placesIn(value: unknown, path: string[] = [], out: string[][] = []): string[][] {
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, child] of Object.entries(value)) {
    out.push([...path, key]);
    placesIn(child, [...path, key], out);
  }
  return out;
}

const REMOVE = Symbol('remove');

function withChange(value: unknown, path: string[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let holder = copy;
  for (const key of path.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (replacement === REMOVE) delete holder[last];
  else holder[last] = replacement;
  return copy;
}

const brokenField: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant(REMOVE) },
  { weight: 4, arbitrary: anyString },
  { weight: 2, arbitrary: anyJson },
  { weight: 1, arbitrary: fc.integer({ min: 33, max: 60 }).map((levels) => nestedArrays(levels)) },
);

// ————————————————————————————————————————————————————————————— requests

export interface FuzzRequest {
  method: string;
  /** Percent-encoded, with the query string. */
  url: string;
  as: 'admin' | 'staff' | 'anonymous';
  headers: Record<string, string>;
  /** Exactly the bytes sent, when there is a body. */
  body?: string;
  /** How the request was made, for the report. */
  note: string;
}

/** Percent-encodes every UTF-16 code unit; an unpaired surrogate goes as its 3-byte (invalid UTF-8) form. */
export function encodeAny(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    const pair =
      unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (pair) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i += 1;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(text[i]);
    }
  }
  return out;
}

function pathValue(name: string, real: RealValues): fc.Arbitrary<string> {
  const known = real[name] ?? [];
  return fc.oneof(
    { weight: known.length > 0 ? 5 : 0, arbitrary: fc.constantFrom(...(known.length > 0 ? known : ['x'])) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 4, arbitrary: anyString.map((text) => text.slice(0, 2_000)) },
  );
}

function queryString(operation: Operation): fc.Arbitrary<string> {
  const declared = operation.queryParams.map((param) =>
    fc.option(
      fc.tuple(
        fc.constant(param.name),
        fc.oneof(
          plausible(param.schema ?? {}, param.name).map(String),
          anyString.map((text) => text.slice(0, 2_000)),
          fc.constantFrom('-1', '0', '1e9', 'NaN', '[]'),
        ),
      ),
      { nil: undefined },
    ),
  );
  const extra = fc.array(
    fc.tuple(
      fc.string({ unit: 'binary', maxLength: 8 }),
      anyString.map((text) => text.slice(0, 200)),
    ),
    { maxLength: 2 },
  );
  return fc.tuple(fc.tuple(...declared), extra).map(([known, more]) => {
    const pairs = [...known.filter((pair): pair is [string, string] => pair !== undefined), ...more];
    return pairs.length === 0
      ? ''
      : `?${pairs.map(([key, value]) => `${encodeAny(key)}=${encodeAny(value)}`).join('&')}`;
  });
}

type BodyPlan = { text?: string; contentType?: string; note: string };

function bodyPlan(operation: Operation): fc.Arbitrary<BodyPlan> {
  const json = (value: unknown, note: string): BodyPlan => ({
    text: JSON.stringify(value),
    contentType: 'application/json',
    note,
  });
  const base = operation.body ? plausible(operation.body) : fc.constant({});
  const oneFieldBroken = fc.tuple(base, fc.nat(), brokenField).map(([value, pick, broken]) => {
    const places = placesIn(value);
    if (places.length === 0) return json(value, 'valid-looking');
    const place = places[pick % places.length];
    return json(withChange(value, place, broken), `valid-looking, ${place.join('.')} = ${describe(broken)}`);
  });
  return fc.oneof(
    { weight: operation.body ? 6 : 1, arbitrary: oneFieldBroken },
    { weight: operation.body ? 2 : 1, arbitrary: base.map((value) => json(value, 'valid-looking')) },
    { weight: 2, arbitrary: anyJson.map((value) => json(value, 'random JSON')) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(33, 1_000, 5_000, 49_000).map((levels) => ({
        text: '['.repeat(levels) + ']'.repeat(levels),
        contentType: 'application/json',
        note: `${levels} nested arrays`,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('{"a":', '\u0000', '{"name":"\\ud800"}', 'null', '"text"', '{"__proto__":{"x":1}}')
        .map((text) => ({ text, contentType: 'application/json', note: 'raw JSON text' })),
    },
    {
      weight: 1,
      arbitrary: fc.string({ unit: 'binary', maxLength: 60 }).map((text) => ({
        text: `name=${encodeAny(text)}&email=${encodeAny(text)}`,
        contentType: 'application/x-www-form-urlencoded',
        note: 'form',
      })),
    },
    { weight: 1, arbitrary: fc.constant({ note: 'no body' }) },
  );
}

function describe(value: unknown): string {
  if (value === REMOVE) return '(removed)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}… (${text.length} chars)` : text;
}

/** Requests for one operation: as admin, staff of the fixture clinic, or anonymous. */
export function requestsFor(operation: Operation, real: RealValues): fc.Arbitrary<FuzzRequest> {
  const params = fc.tuple(...operation.pathParams.map((name) => pathValue(name, real)));
  return fc
    .record({
      params,
      query: queryString(operation),
      body: bodyPlan(operation),
      as: fc.constantFrom<FuzzRequest['as']>('admin', 'admin', 'anonymous', 'staff'),
      idempotencyKey: fc.option(
        fc.string({
          unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
          maxLength: 250,
        }),
        { nil: undefined, freq: 2 },
      ),
    })
    .map(({ params, query, body, as, idempotencyKey }) => {
      let index = 0;
      const path = operation.path.replace(/\{[^}]+\}/g, () => encodeAny(params[index++]));
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body.contentType) headers['content-type'] = body.contentType;
      if (idempotencyKey !== undefined && operation.path.endsWith('/reservations'))
        headers['idempotency-key'] = idempotencyKey;
      return { method: operation.method, url: `${path}${query}`, as, headers, body: body.text, note: body.note };
    });
}

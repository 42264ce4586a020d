import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, type ValidationError } from 'class-validator';
import { PROJECT_ROOT } from '../project-root.js';
import { IS_TEXT } from './is-text.js';

/**
 * Every field of every request class (`src/**\/dto/*.ts`) follows the input rules, so a field added
 * tomorrow without them fails here: every string goes through the text rule (`@IsText()`), only the
 * fields named below take line breaks, and null is accepted only where the ApiProperty says
 * `nullable: true` (it then means none/clear), refused everywhere else.
 */

/** The fields where a line break makes sense. Add one here only with a reason. */
const MULTILINE_FIELDS = new Set(['description']);

type Constructor = new () => object;
interface Field {
  dto: string;
  cls: Constructor;
  property: string;
  isArray: boolean;
  isText: boolean;
  nullable: boolean;
}

async function requestFields(): Promise<Field[]> {
  const srcDir = path.join(PROJECT_ROOT, 'src');
  const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /(^|\/)dto\/[^/]+\.ts$/.test(file) && !file.endsWith('.spec.ts'))
    .map((file) => path.join(srcDir, file));
  const fields: Field[] = [];
  for (const file of files) {
    const exported = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const value of Object.values(exported)) {
      if (typeof value !== 'function' || !value.prototype) continue;
      const cls = value as Constructor;
      const metadata = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
      for (const property of new Set(metadata.map((m) => m.propertyName))) {
        const api = (Reflect.getMetadata('swagger/apiModelProperties', cls.prototype, property) ?? {}) as {
          type?: unknown;
          isArray?: boolean;
          enum?: unknown;
          nullable?: boolean;
        };
        const designType = Reflect.getMetadata('design:type', cls.prototype, property) as unknown;
        const isText = designType === String || api.type === String || api.type === 'string' || api.enum !== undefined;
        fields.push({
          dto: cls.name,
          cls,
          property,
          isArray: api.isArray === true,
          isText,
          nullable: api.nullable === true,
        });
      }
    }
  }
  return fields;
}

/** The constraint names that refused `value` as `property`, or undefined when it was accepted. */
async function refusal(cls: Constructor, property: string, value: unknown): Promise<string[] | undefined> {
  const errors = await validate(plainToInstance(cls, { [property]: value }));
  const own = errors.find((error: ValidationError) => error.property === property);
  return own ? Object.keys(own.constraints ?? { nested: '' }) : undefined;
}

describe('request classes follow the input rules', () => {
  let fields: Field[];
  beforeAll(async () => {
    fields = await requestFields();
  });

  it('finds the request classes and their text fields', () => {
    const names = new Set(fields.map((f) => f.dto));
    for (const dto of [
      'CreateEventDto',
      'UpdateEventDto',
      'CreateClinicDto',
      'PostalAddressDto',
      'ReserveSeatsDto',
      'AddWalkInDto',
      'LoginDto',
    ]) {
      expect(names).toContain(dto);
    }
    expect(fields.filter((f) => f.isText).length).toBeGreaterThan(40);
  });

  it('puts every string field through the text rule: control characters and unpaired surrogates are refused, never thrown on', async () => {
    const escaped: string[] = [];
    for (const field of fields.filter((f) => f.isText)) {
      for (const bad of ['a\u0000b', '\ud800', 'a\u001bb', 'a\u0085b']) {
        const value = field.isArray ? [bad] : bad;
        const constraints = await refusal(field.cls, field.property, value);
        if (!constraints?.includes(IS_TEXT)) escaped.push(`${field.dto}.${field.property} ${JSON.stringify(bad)}`);
      }
    }
    expect(escaped).toEqual([]);
  });

  it('takes line breaks only in the fields meant to span lines', async () => {
    const wrong: string[] = [];
    for (const field of fields.filter((f) => f.isText)) {
      const constraints = await refusal(field.cls, field.property, field.isArray ? ['a\nb'] : 'a\nb');
      const takesNewline = !constraints?.includes(IS_TEXT);
      if (takesNewline !== MULTILINE_FIELDS.has(field.property)) wrong.push(`${field.dto}.${field.property}`);
    }
    expect(wrong).toEqual([]);
  });

  it('accepts null exactly where the ApiProperty says nullable (null means none or clear there)', async () => {
    const undecided: string[] = [];
    for (const field of fields) {
      const acceptsNull = (await refusal(field.cls, field.property, null)) === undefined;
      if (acceptsNull !== field.nullable)
        undecided.push(`${field.dto}.${field.property} accepts null: ${acceptsNull}, nullable: ${field.nullable}`);
    }
    expect(undecided).toEqual([]);
  });
});

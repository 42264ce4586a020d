import type { FastifyReply, FastifyRequest } from 'fastify';
import { pathOf, type Request } from '../http.js';
import { DomainError, NotFoundError } from '../errors/domain-error.js';
import { type FieldProblem, invalidFields } from '../errors/validation.js';
import { textProblem } from './text-rule.js';

/**
 * The check at the door, before any guard, pipe, controller or page reads the request (DESIGN rule 9:
 * bad input is a 4xx, never a 500):
 * - every path: a segment the text rule refuses cannot be an id, slug or token, so it names nothing:
 *   404 NOT_FOUND, as `UuidParam` answers an id that is not a UUID (pages get their friendly 404).
 * - the JSON API's query and body (`/api/…`): a string the text rule refuses is 400 VALIDATION_FAILED
 *   naming the field. Pages read their forms and filters themselves: a form goes through the same DTO
 *   (`@IsText()`), so its error shows beside the field, and a filter a page cannot use is ignored.
 * - every body: at most MAX_INPUT_DEPTH levels of nesting, else 400 INPUT_TOO_DEEP.
 *
 * Why a middleware and not only the DTOs: guards read route parameters before any pipe runs (the auth
 * guard looks a clinic up by its slug), and a route added tomorrow is covered without anyone
 * remembering to. The DTOs still apply the same rule per field with `@IsText()`, which also knows where
 * a line break makes sense; here every string may hold tab and line breaks, since a description may.
 *
 * Depth: V8's JSON.parse is iterative (49,000 levels parse fine) and the body limit bounds its work, but
 * class-transformer, class-validator and any reviver recurse and overflow the stack on a deep body. So
 * the parsed body is measured here with an explicit stack, before any of them runs. A reviver cannot
 * do it (V8 revives recursively and overflows itself), and a pre-check in body-parser's `verify` would
 * come back through body-parser's own error path as a generic BAD_REQUEST instead of a stable code.
 */

/** Deepest nesting of arrays and objects a request may carry; our deepest body (an event series) has 3. */
export const MAX_INPUT_DEPTH = 32;

/** Enough problems to fix a request without echoing a whole hostile body back. */
const MAX_REPORTED_FIELDS = 20;

export interface InputFindings {
  tooDeep: boolean;
  fields: FieldProblem[];
}

/** Walks a parsed value without recursion; fields are named as class-validator names them (`address.line1`, `items.0`). */
export function inspectInput(root: unknown, rootName: string): InputFindings {
  const fields: FieldProblem[] = [];
  // Breadth first through a growing list: no recursion, and problems come out in reading order.
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  for (let next = 0; next < pending.length && fields.length < MAX_REPORTED_FIELDS; next += 1) {
    const { value, path, depth } = pending[next];
    if (typeof value === 'string') {
      const problem = textProblem(value, 'multiline');
      if (problem) fields.push(fieldProblem(path || rootName, problem));
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth + 1 > MAX_INPUT_DEPTH) return { tooDeep: true, fields };
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${printable(key)}` : printable(key);
      const keyProblem = textProblem(key, 'single-line');
      if (keyProblem) fields.push(fieldProblem(childPath, `(a property name) ${keyProblem}`));
      pending.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return { tooDeep: false, fields };
}

const API_PATH = /^\/api(\/|$)/i;

/** The error a request must be refused with, or undefined when its input may go on. */
export function unsafeInputError(request: Pick<Request, 'url' | 'query' | 'body'>): DomainError | undefined {
  const body = inspectInput(request.body, 'body');
  const query = inspectInput(request.query, 'query');
  if (body.tooDeep || query.tooDeep) {
    return new DomainError(
      'INPUT_TOO_DEEP',
      `The request nests arrays and objects deeper than ${MAX_INPUT_DEPTH} levels.`,
      {
        maxDepth: MAX_INPUT_DEPTH,
      },
    );
  }
  const path = pathOf(request);
  if (!pathIsText(path)) return new NotFoundError('The address');
  if (!API_PATH.test(path)) return undefined;
  const fields = [...query.fields, ...body.fields];
  return fields.length > 0 ? invalidFields(fields) : undefined;
}

/** A preHandler hook: it runs after the body is parsed and before anything that reads the request. */
export function rejectUnsafeInput(
  request: FastifyRequest,
  _response: FastifyReply,
  done: (error?: Error) => void,
): void {
  done(unsafeInputError(request as Request));
}

/** A segment that is not even valid percent-encoded UTF-8 is left to the router, which answers it 400. */
function pathIsText(path: string): boolean {
  return path.split('/').every((segment) => {
    try {
      return textProblem(decodeURIComponent(segment), 'single-line') === undefined;
    } catch {
      return true;
    }
  });
}

function fieldProblem(field: string, problem: string): FieldProblem {
  return { field, problems: [`${field} ${problem}`] };
}

/** A property name as it can be shown back: what the rule refuses becomes U+FFFD. */
function printable(key: string): string {
  return key.replace(/[\u0000-\u001F\u007F-\u009F]|\p{Cs}/gu, '\uFFFD');
}

import type { OpenAPIObject, ResponseObject } from '@nestjs/swagger';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The `details.reason` values of a 503 (see DATABASE_ANSWERS in http-error.filter.ts). */
const REASONS = [
  'database-unreachable',
  'connect-timeout',
  'lock-timeout',
  'statement-timeout',
  'conflicting-transactions',
];

const SERVICE_UNAVAILABLE: ResponseObject = {
  description:
    'SERVICE_UNAVAILABLE: the database is lost or restarting, no connection was free in time, or a lock or statement ' +
    'wait ran out (DESIGN rule 12). The request itself was fine: send it again after Retry-After seconds. ' +
    `details.reason says which: ${REASONS.join(', ')}.`,
  headers: {
    'Retry-After': {
      description: 'Seconds to wait before sending the request again.',
      schema: { type: 'integer', minimum: 1 },
    },
  },
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/ErrorResponse' },
      example: {
        statusCode: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: 'The database is not answering; please try again in a moment.',
        details: { reason: 'database-unreachable' },
      },
    },
  },
};

/**
 * Any route can answer 503 SERVICE_UNAVAILABLE with Retry-After when the database is lost or busy: one
 * shared response in components, named by every operation that does not document its own 503. The document
 * must hold the ErrorResponse schema (createDocument's extraModels).
 */
export function documentServiceUnavailable(document: OpenAPIObject): OpenAPIObject {
  const responses = { ...document.components?.responses, ServiceUnavailable: SERVICE_UNAVAILABLE };
  document.components = { ...document.components, responses };
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method];
      if (operation && !operation.responses['503'])
        operation.responses['503'] = { $ref: '#/components/responses/ServiceUnavailable' };
    }
  }
  return document;
}

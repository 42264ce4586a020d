import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's headers on every answer, set on the raw response before the route runs (a page then sets its own
 * frame policy: page-renderer.ts). The middleware is built once here; @fastify/helmet built it anew for every
 * request (parsing the CSP directives each time), which bench:listing measured at ~5 % of the CPU spent on
 * GET /api/events/:id.
 */
export function applySecurityHeaders(fastify: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const setHeaders = helmet(options);
  fastify.addHook('onRequest', (request, reply, done) =>
    setHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)),
  );
}

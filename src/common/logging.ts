import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/**
 * Logs one line per request: method, the matched route pattern (never the concrete URL, which can hold a
 * manage token, and never the query string, which can hold an e-mail), status and duration.
 */
export function logRequests(fastify: FastifyInstance, logger: LoggerService): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    logger.log(
      {
        message: 'http request',
        method: request.method,
        route: route ?? '(unmatched)',
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 1000) / 1000,
      },
      'HTTP',
    );
    done();
  });
}

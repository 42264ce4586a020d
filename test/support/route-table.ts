import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { routeTable } from '../../src/common/route-table.js';

/**
 * Every route the running application answers, as "METHOD /path/:param". HEAD is implied by GET and not
 * listed, nor are CORS preflights (OPTIONS, answered by @fastify/cors for any path).
 */
export function listRoutes(app: INestApplication): string[] {
  return routeTable(app.getHttpAdapter().getInstance() as FastifyInstance).filter(
    (route) => !/^(HEAD|OPTIONS) /.test(route),
  );
}

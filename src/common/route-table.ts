import type { FastifyInstance, RouteOptions } from 'fastify';

const tables = new WeakMap<FastifyInstance, Set<string>>();

/**
 * Keeps the table of the routes registered on this instance from now on, as "METHOD /path/:param" (as
 * registered: Nest's controllers with their RouterModule prefixes, the API docs, plugins' own routes).
 * Call it first, before anything registers a route; reading it costs requests nothing.
 */
export function keepRouteTable(fastify: FastifyInstance): void {
  const routes = new Set<string>();
  tables.set(fastify, routes);
  fastify.addHook('onRoute', (route: RouteOptions) => {
    for (const method of [route.method].flat()) routes.add(`${method.toUpperCase()} ${route.url}`);
  });
}

/** The routes registered since keepRouteTable, sorted. */
export function routeTable(fastify: FastifyInstance): string[] {
  const routes = tables.get(fastify);
  if (!routes) throw new Error('keepRouteTable was not called on this instance');
  return [...routes].sort();
}

import type { FastifyReply, FastifyRequest } from 'fastify';

/** A request as our routes read it: the query and the route parameters as Fastify parses them, strings. */
export type Request = FastifyRequest<{
  Querystring: Record<string, string | string[] | undefined>;
  Params: Record<string, string>;
}>;

export type Response = FastifyReply;

/** The request's path without its query string, as the client sent it (not decoded). */
export function pathOf(request: Pick<FastifyRequest, 'url'>): string {
  const query = request.url.indexOf('?');
  return query < 0 ? request.url : request.url.slice(0, query);
}

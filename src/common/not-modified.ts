import type { FastifyInstance } from 'fastify';

/**
 * Whether an If-None-Match header names this ETag: any of its tags, compared weakly (RFC 9110 13.1.2: W/
 * ignored on both sides), or `*`.
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const mine = opaque(etag);
  return header.split(',').some((candidate) => {
    const tag = opaque(candidate);
    return tag === '*' || tag === mine;
  });
}

/**
 * Answers 304 Not Modified, without the body, to a GET or HEAD whose If-None-Match names the ETag of its
 * successful answer (@fastify/etag computes it; a route may set its own). Other methods and errors are
 * answered in full: a condition on them means something else (RFC 9110 13.1.2), and an error is never cached.
 * Register it after the ETag is set and before the body is compressed.
 */
export function answerNotModified(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const etag = reply.getHeader('etag');
    const conditional =
      (request.method === 'GET' || request.method === 'HEAD') && reply.statusCode >= 200 && reply.statusCode < 300;
    if (conditional && typeof etag === 'string' && matchesIfNoneMatch(request.headers['if-none-match'], etag)) {
      reply.code(304);
      done(null, '');
      return;
    }
    done(null, payload);
  });
}

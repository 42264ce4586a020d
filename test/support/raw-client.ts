import http from 'node:http';
import type { FuzzRequest } from './openapi-fuzz.js';

/** A client that sends exactly the bytes it is given (supertest would re-encode them), for the fuzz test. */

export interface Answer {
  status: number;
  body: string;
}

/**
 * Sends the request's exact bytes over a keep-alive agent; 0 is a timeout or a dropped connection. A
 * connection the server closed after an earlier answer (Node closes it after a 400 from its parser) can
 * be reused in that instant: a request that dies that way is sent once more on a connection of its own.
 */
export async function send(
  baseUrl: string,
  agent: http.Agent,
  request: FuzzRequest,
  auth: Record<string, string>,
  timeoutMs = 15_000,
): Promise<Answer> {
  const answer = await sendOnce(baseUrl, agent, request, auth, timeoutMs);
  if (answer.status !== 0 || answer.body.includes('timeout')) return answer;
  const again = await sendOnce(baseUrl, false, request, auth, timeoutMs);
  return again.status === 0 ? { ...again, body: `${answer.body}; again: ${again.body}` } : again;
}

function sendOnce(
  baseUrl: string,
  agent: http.Agent | false,
  request: FuzzRequest,
  auth: Record<string, string>,
  timeoutMs: number,
): Promise<Answer> {
  const payload = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
  return new Promise((resolve) => {
    const outgoing = http.request(
      `${baseUrl}${request.url}`,
      {
        method: request.method,
        agent,
        headers: { ...request.headers, ...auth, ...(payload ? { 'content-length': String(payload.length) } : {}) },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 500) }),
        );
        response.on('error', (error) => resolve({ status: 0, body: `response error: ${error.message}` }));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
    outgoing.on('error', (error) => resolve({ status: 0, body: `request error: ${error.message}` }));
    if (payload) outgoing.write(payload);
    outgoing.end();
  });
}

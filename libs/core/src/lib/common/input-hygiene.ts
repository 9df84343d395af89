import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { cleanDeep, cleanText } from './clean-text';

/** Route config flag: this endpoint reads a multipart/form-data body itself (file uploads). */
export const AcceptsMultipart = () => RouteConfig({ multipart: true });

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

const mediaType = (request: FastifyRequest) => (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();

const isEmpty = (body: unknown) => body === undefined || ((typeof body === 'string' || Buffer.isBuffer(body)) && body.length === 0);

/** Cleans a parsed query string or path parameters in place: their objects have prototypes of their own. */
function cleanEntries(record: unknown): void {
  if (record === null || typeof record !== 'object') return;
  const entries = record as Record<string, unknown>;
  for (const key of Object.keys(entries)) {
    const value = entries[key];
    const cleaned = cleanDeep(value);
    const cleanKey = cleanText(key);
    if (cleanKey !== key) delete entries[key];
    if (cleanKey !== key || cleaned !== value)
      Object.defineProperty(entries, cleanKey, { value: cleaned, enumerable: true, writable: true, configurable: true });
  }
}

/** Why this request's body is not one an API endpoint takes, or null if it is (or there is none). */
function bodyProblem(request: FastifyRequest): string | null {
  if (!BODY_METHODS.has(request.method)) return null;
  const type = mediaType(request);
  const body = request.body;
  if (type === 'application/json') {
    return body !== null && typeof body === 'object' && !Array.isArray(body) ? null : 'request body must be a JSON object';
  }
  if (type === 'multipart/form-data' && (request.routeOptions.config as { multipart?: boolean } | undefined)?.multipart) return null;
  // @fastify/multipart leaves the body unparsed: a multipart request on any other route carries one.
  if (type !== 'multipart/form-data' && isEmpty(body)) return null;
  return `request body must be a JSON object sent as Content-Type: application/json, not ${type || 'untyped bytes'}`;
}

/**
 * One gate for every API input, before Nest's pipes see it: a body that is not a JSON object (null, a
 * number, a string, an array, text/plain, a form) is a 400 naming the problem, never a silent no-op;
 * and body, query string and path parameters are cleaned of what PostgreSQL cannot store (NUL, lone
 * surrogates). Webhooks are left alone: their signatures cover the raw bytes, and ingest cleans the
 * events it parses from them after the signature check.
 */
export function registerInputHygiene(fastify: FastifyInstance, apiPrefix: string): void {
  fastify.addHook('preValidation', async (request, reply) => {
    if (!request.url.startsWith(apiPrefix)) return;
    const problem = bodyProblem(request);
    if (problem) {
      return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: problem, details: [{ field: 'body', errors: [problem] }] });
    }
    cleanEntries(request.params);
    cleanEntries(request.query);
    if (request.body !== null && typeof request.body === 'object' && !Buffer.isBuffer(request.body)) request.body = cleanDeep(request.body);
    return undefined;
  });
}

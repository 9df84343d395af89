import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { NotFoundError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';

/** Every error leaves as `{statusCode, error, message, details?}` (API.md "Errors"). */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { statusCode, message, details } = this.describe(exception);
    if (statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const body: Record<string, unknown> = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
    if (details) body['details'] = details;
    void reply.status(statusCode).send(body);
  }

  private describe(exception: unknown): { statusCode: number; message: string; details?: unknown } {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'string') return { statusCode, message: response };
      const r = response as { message?: unknown; details?: unknown };
      const message = Array.isArray(r.message) ? r.message.join('; ') : String(r.message ?? exception.message);
      return { statusCode, message, details: r.details };
    }
    if (exception instanceof NotFoundError) return { statusCode: 404, message: 'Not found' };
    if (exception instanceof UniqueConstraintViolationException) {
      return { statusCode: 409, message: 'Conflicts with an existing record' };
    }
    // Fastify's own errors (body too large, bad JSON, unsupported media type) carry a statusCode.
    const fastifyError = exception as { statusCode?: number; message?: string };
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
      const statusCode = fastifyError.statusCode;
      const message = statusCode === HttpStatus.PAYLOAD_TOO_LARGE ? 'Request body is larger than 1 MB' : String(fastifyError.message);
      return { statusCode, message };
    }
    return { statusCode: 500, message: 'Internal server error' };
  }
}

import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import multipart from '@fastify/multipart';
import { Logger } from 'nestjs-pino';
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { createValidationPipe } from '../common/validation';
import { HttpExceptionFilter } from '../common/http-exception.filter';
import { registerInputHygiene } from '../common/input-hygiene';
import { MetricsService } from '../health/metrics.service';

export const BODY_LIMIT_BYTES = 1024 * 1024;
const NON_API_PREFIXES = ['health', 'health/ready', 'metrics', 'webhooks/{*path}'];

/** The HTTP app exactly as production runs it; tests build theirs through this too. */
export async function createHttpApp(rootModule: unknown, options: { adminDir?: string; logs?: boolean } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: true });
  // rawBody: webhook signatures are checked over the exact bytes received.
  const app = await NestFactory.create<NestFastifyApplication>(rootModule as never, adapter, { bufferLogs: true, abortOnError: false, rawBody: true });
  app.useLogger(options.logs === false ? false : app.get(Logger));
  app.setGlobalPrefix('api/v1', { exclude: NON_API_PREFIXES });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  // Socket.IO for the realtime gateway, on the same HTTP server as the API.
  app.useWebSocketAdapter(new IoAdapter(app));

  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(multipart);
  // Any other body (raw MIME from an email provider, XML, plain text) reaches webhooks as bytes.
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    (request as typeof request & { rawBody?: Buffer }).rawBody = body as Buffer;
    done(null, body);
  });
  registerInputHygiene(fastify, '/api/');
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Parley API').setDescription('The public HTTP contract of Parley (see API.md).').setVersion('1').addBearerAuth().build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  if (options.adminDir && existsSync(join(options.adminDir, 'index.html'))) await serveAdmin(app, options.adminDir);
  return app;
}

/** The built Angular app, with index.html for any other GET that accepts HTML (client-side routes). */
const safeDecode = (path: string): string => {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
};

async function serveAdmin(app: NestFastifyApplication, root: string): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Loaded on demand: its content-disposition dependency is ESM-only, which Jest's CommonJS runtime cannot load.
  const { default: fastifyStatic } = await import('@fastify/static');
  await fastify.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });
  fastify.get('/*', (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // A file built after the start (a rebuilt dashboard's new chunks): the routes above were made for the files there were then.
    const file = resolve(root, `.${safeDecode(path)}`);
    if (file.startsWith(resolve(root) + sep) && existsSync(file) && statSync(file).isFile()) return reply.sendFile(relative(root, file));
    if (/^\/(api|webhooks|health|metrics|realtime)(\/|$)/.test(path) || !(request.headers.accept ?? '').includes('text/html')) {
      return reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `Cannot GET ${path}` });
    }
    return reply.sendFile('index.html');
  });
}

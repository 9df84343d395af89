import { All, Controller, Logger, NotFoundException, Param, ParseUUIDPipe, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RawWebhookRequest, WebhookResponse } from '@parley/plugin-sdk';
import { Public } from '../auth/principal';
import { AccountContextService } from '../channel-account/account-context.service';
import { MetricsService } from '../health/metrics.service';
import { IngestService } from './ingest.service';

/**
 * `ANY /webhooks/:pluginId/:channelAccountId[/...]`, owned by the core: the plugin verifies the raw
 * bytes, parses them into events, the core cleans and commits each event, and only then answers 2xx
 * (5xx when an event could not be stored for now, so the provider retries the delivery).
 */
@ApiExcludeController()
@Public()
@Controller('webhooks')
export class WebhooksController {
  private readonly logger = new Logger(WebhooksController.name);

  constructor(
    private readonly accounts: AccountContextService,
    private readonly ingest: IngestService,
    private readonly metrics: MetricsService,
  ) {}

  @All(':pluginId/:channelAccountId')
  root(@Param('pluginId') pluginId: string, @Param('channelAccountId', ParseUUIDPipe) id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.handle(pluginId, id, '', req, reply);
  }

  @All(':pluginId/:channelAccountId/*')
  nested(
    @Param('pluginId') pluginId: string,
    @Param('channelAccountId', ParseUUIDPipe) id: string,
    @Param('*') rest: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.handle(pluginId, id, `/${rest ?? ''}`, req, reply);
  }

  private async handle(pluginId: string, channelAccountId: string, subPath: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const resolved = await this.accounts.resolve(channelAccountId, pluginId);
    if (!resolved) throw new NotFoundException('No active channel account of this plugin with this id');
    const { plugin, context, account } = resolved;
    const raw: RawWebhookRequest = {
      method: req.method,
      url: req.url,
      subPath,
      headers: req.headers,
      query: req.query as RawWebhookRequest['query'],
      rawBody: rawBodyOf(req),
    };

    const handshake = plugin.handshake?.(raw, context);
    if (handshake) return send(reply, handshake);

    if (!(await plugin.verifyWebhook(raw, context))) {
      this.metrics.webhooks.inc({ plugin: plugin.id, outcome: 'rejected' });
      this.logger.warn(`rejected a ${plugin.id} webhook for account ${account.id}: signature missing or invalid`);
      throw new UnauthorizedException('Webhook signature missing or invalid');
    }
    const events = await plugin.parseWebhook(raw, context);
    const result = await this.ingest.ingest(account, events);
    if (result.rejected) this.metrics.webhookEventsRejected.inc({ plugin: plugin.id }, result.rejected);
    this.metrics.webhooks.inc({ plugin: plugin.id, outcome: result.duplicates && !result.messages ? 'duplicate' : 'accepted' });
    return send(reply, plugin.webhookResponse?.(events, context) ?? { status: 200, body: { received: true } });
  }
}

function rawBodyOf(req: FastifyRequest): Buffer {
  const raw = (req as FastifyRequest & { rawBody?: Buffer | string }).rawBody;
  if (Buffer.isBuffer(raw)) return raw;
  if (typeof raw === 'string') return Buffer.from(raw);
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

async function send(reply: FastifyReply, response: WebhookResponse): Promise<void> {
  reply.status(response.status);
  for (const [name, value] of Object.entries(response.headers ?? {})) reply.header(name, value);
  await reply.send(response.body ?? '');
}

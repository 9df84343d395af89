import { Injectable } from '@nestjs/common';
import {
  ChannelProvider,
  PermanentSendError,
  PluginHttpClient,
  PluginLoggerFactory,
  type ChannelAccountContext,
  type ChannelPlugin,
  type InboundEvent,
  type OutboundAttachment,
  type OutboundMessage,
  type PluginLogger,
  type RawWebhookRequest,
  type SendResult,
  type WebhookResponse,
} from '@parley/plugin-sdk';
import { WhatsAppCloudConfig } from './whatsapp-cloud.config';
import { WhatsappGraphApi } from './whatsapp-cloud.graph';
import { answerHandshake, parseMetaWebhook, signatureHeaderOf, verifyMetaSignature } from './whatsapp-cloud.webhook';

const MB = 1024 * 1024;

type Account = ChannelAccountContext<WhatsAppCloudConfig>;
type MediaType = 'image' | 'audio' | 'video' | 'document';

/** WhatsApp's message type for a file: images, audio and video by MIME family, anything else as a document. */
export function whatsappMediaType(contentType: string): MediaType {
  const family = contentType.split('/')[0]?.toLowerCase();
  return family === 'image' || family === 'audio' || family === 'video' ? family : 'document';
}

/**
 * WhatsApp Business Cloud API. Free-form messages only within 24 hours of the contact's last
 * inbound message; outside it, approved templates.
 */
@ChannelProvider({ id: 'whatsapp-cloud' })
@Injectable()
export class WhatsappCloudChannel implements ChannelPlugin<WhatsAppCloudConfig> {
  readonly id = 'whatsapp-cloud' as const;
  readonly channel = 'whatsapp' as const;
  readonly displayName = 'WhatsApp Cloud API';
  readonly configClass = WhatsAppCloudConfig;
  readonly capabilities = {
    messagingWindowHours: 24,
    templates: true,
    attachments: {
      maxBytes: 16 * MB,
      mimeTypes: ['image/jpeg', 'image/png', 'audio/ogg', 'audio/mpeg', 'video/mp4', 'application/pdf'],
    },
  };
  private readonly logger: PluginLogger;

  constructor(
    private readonly http: PluginHttpClient,
    loggers: PluginLoggerFactory,
  ) {
    this.logger = loggers.forPlugin('whatsapp-cloud');
  }

  handshake(req: RawWebhookRequest, account: Account): WebhookResponse | null {
    const response = answerHandshake(req, account.config.verifyToken);
    if (response?.status === 403) this.logger.warn(`verification handshake refused for account ${account.id}: wrong verify token`);
    return response;
  }

  verifyWebhook(req: RawWebhookRequest, account: Account): boolean {
    const ok = verifyMetaSignature(req.rawBody, signatureHeaderOf(req), account.config.appSecret);
    if (!ok) this.logger.warn(`webhook refused for account ${account.id}: missing or invalid X-Hub-Signature-256`);
    return ok;
  }

  parseWebhook(req: RawWebhookRequest, account?: Account): InboundEvent[] {
    const events = parseMetaWebhook(req.rawBody, account?.config.phoneNumberId);
    for (const event of events) if (event.kind === 'ignored') this.logger.debug(`webhook event ignored: ${event.reason}`);
    return events;
  }

  webhookResponse(): WebhookResponse {
    return { status: 200, headers: { 'content-type': 'application/json' }, body: { received: true } };
  }

  async send(message: OutboundMessage, account: Account): Promise<SendResult> {
    const graph = new WhatsappGraphApi(this.http, account.config);
    const to = message.to.replace(/\D/g, '');
    if (!to) throw new PermanentSendError(`not a phone number: ${message.to}`, 'invalid_recipient');

    if (message.template) {
      const { name, language, params } = message.template;
      const components = params.length ? [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }] : [];
      return { providerMessageId: await graph.sendMessage({ to, type: 'template', template: { name, language: { code: language }, components } }) };
    }
    if (message.attachments.length) return { providerMessageId: await this.sendAttachments(graph, to, message) };
    if (!message.body) throw new PermanentSendError('nothing to send: no body, attachment or template', 'empty_message');
    return { providerMessageId: await graph.sendMessage({ to, type: 'text', text: { body: message.body, preview_url: false } }) };
  }

  /**
   * Uploads every file first (so a failed upload sends nothing), then one message per file, the body as
   * the first file's caption. Audio takes no caption: the body then goes ahead as a text message.
   * Resolves with the first message's id.
   */
  private async sendAttachments(graph: WhatsappGraphApi, to: string, message: OutboundMessage): Promise<string> {
    const uploads: { type: MediaType; id: string; attachment: OutboundAttachment }[] = [];
    for (const attachment of message.attachments) {
      const id = await graph.uploadMedia(await attachment.read(), attachment.contentType, attachment.filename);
      uploads.push({ type: whatsappMediaType(attachment.contentType), id, attachment });
    }
    const ids: string[] = [];
    let caption = message.body || undefined;
    if (caption && uploads[0].type === 'audio') {
      ids.push(await graph.sendMessage({ to, type: 'text', text: { body: caption, preview_url: false } }));
      caption = undefined;
    }
    for (const { type, id, attachment } of uploads) {
      const media: Record<string, string> = { id };
      if (caption) media['caption'] = caption;
      if (type === 'document') media['filename'] = attachment.filename;
      caption = undefined;
      ids.push(await graph.sendMessage({ to, type, [type]: media }));
    }
    return ids[0];
  }

  async downloadMedia(ref: string, account: Account): Promise<{ data: Buffer; contentType: string }> {
    return new WhatsappGraphApi(this.http, account.config).downloadMedia(ref);
  }

  async checkConnection(account: Account): Promise<{ ok: boolean; message?: string }> {
    try {
      const number = await new WhatsappGraphApi(this.http, account.config).phoneNumber();
      const label = [number.verified_name, number.display_phone_number].filter(Boolean).join(' ');
      return { ok: true, message: label ? `Connected to ${label}` : 'Connected' };
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  }
}

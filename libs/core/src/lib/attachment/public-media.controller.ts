import { Controller, Get, GoneException, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/principal';
import { Attachment } from '../message/attachment.entity';
import { fileHeaders } from './content-type';
import { FileStorage } from './file-storage';
import { PUBLIC_MEDIA_ROUTE, PublicMediaUrls } from './public-media-urls';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where providers fetch outbound media (Twilio MMS): no login, the signed URL is the credential. */
@ApiTags('attachments')
@Public()
@Controller(PUBLIC_MEDIA_ROUTE)
export class PublicMediaController {
  constructor(
    private readonly em: EntityManager,
    private readonly storage: FileStorage,
    private readonly urls: PublicMediaUrls,
  ) {}

  @Get(':id/:expires/:signature')
  @ApiOperation({ summary: 'An outbound attachment at its signed, expiring public URL: 404 when altered or unknown, 410 once expired' })
  async download(@Param('id') id: string, @Param('expires') expires: string, @Param('signature') signature: string, @Res() reply: FastifyReply): Promise<void> {
    const verdict = UUID.test(id) ? this.urls.check(id, expires, signature) : 'invalid';
    if (verdict === 'invalid') throw new NotFoundException('No such file');
    if (verdict === 'expired') throw new GoneException('This link has expired');
    // No workspace in context on a public route: the signature already names the one file it may serve.
    const attachment = await this.em.fork().findOne(Attachment, { id, status: 'stored' }, { filters: false });
    if (!attachment) throw new NotFoundException('No such file');
    await reply.headers(fileHeaders(attachment)).header('cache-control', 'private, no-store').send(this.storage.stream(attachment.storageKey));
  }
}

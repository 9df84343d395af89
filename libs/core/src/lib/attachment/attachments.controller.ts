import {
  BadRequestException,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  PayloadTooLargeException,
  Post,
  Req,
  Res,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AttachmentView } from '@parley/contracts';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { AcceptsMultipart } from '../common/input-hygiene';
import { Attachment } from '../message/attachment.entity';
import { toAttachmentView } from '../message/message.view';
import { FileStorage, storageKeyFor } from './file-storage';
import { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from './attachment-limits';
import { fileHeaders, typeOfBytes } from './content-type';

@ApiTags('attachments')
@ApiBearerAuth()
@Controller('attachments')
export class AttachmentsController {
  constructor(
    private readonly em: EntityManager,
    private readonly storage: FileStorage,
  ) {}

  /** One file per request (multipart field `file`); attach it to a message with `attachmentIds`. */
  @Post()
  @AcceptsMultipart()
  @ApiConsumes('multipart/form-data')
  async upload(@CurrentPrincipal() p: Principal, @Req() request: FastifyRequest): Promise<AttachmentView> {
    if (!request.isMultipart())
      throw new BadRequestException({ message: 'send the file as multipart/form-data in the field "file"', details: [{ field: 'file', errors: ['missing'] }] });
    const file = await request.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } });
    if (!file || file.fieldname !== 'file')
      throw new BadRequestException({ message: 'the multipart field must be named "file"', details: [{ field: 'file', errors: ['missing'] }] });
    if (!ALLOWED_ATTACHMENT_TYPES.includes(file.mimetype)) {
      throw new UnsupportedMediaTypeException(`Files of type ${file.mimetype} are not accepted`);
    }
    const data = await file.toBuffer().catch((err: { code?: string }) => {
      if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw new PayloadTooLargeException(`Files are limited to ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
      throw err;
    });
    // The type stored is what the bytes are; a file claiming to be something else is refused.
    const typed = typeOfBytes(data, file.mimetype);
    if (!typed.ok) throw new UnsupportedMediaTypeException(`This file is refused: ${typed.reason}`);
    const attachment = new Attachment();
    Object.assign(attachment, { workspace: p.workspaceId, filename: file.filename || 'file', contentType: typed.contentType, size: data.length });
    attachment.storageKey = storageKeyFor(p.workspaceId, attachment.id);
    // The row before the bytes: a crash in between leaves an unattached row, which the sweep deletes
    // with whatever was written; bytes without a row would never be found.
    await this.em.persist(attachment).flush();
    await this.storage.put(attachment.storageKey, data).catch(async (err: Error) => {
      await this.em.nativeDelete(Attachment, { id: attachment.id });
      throw err;
    });
    return toAttachmentView(attachment);
  }

  @Get(':id')
  async download(@Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    const attachment = await this.em.findOneOrFail(Attachment, { id, status: 'stored' });
    await reply.headers(fileHeaders(attachment)).send(this.storage.stream(attachment.storageKey));
  }
}

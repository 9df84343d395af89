import { Module } from '@nestjs/common';
import { FileDeletionService } from './file-deletion.service';
import { PublicMediaUrls } from './public-media-urls';
import { AttachmentsController } from './attachments.controller';
import { PublicMediaController } from './public-media.controller';

/** Uploads, stored files and their deletion, and the signed public URLs providers fetch outbound media from. */
@Module({
  providers: [FileDeletionService, PublicMediaUrls],
  controllers: [AttachmentsController, PublicMediaController],
  exports: [FileDeletionService, PublicMediaUrls],
})
export class AttachmentModule {}

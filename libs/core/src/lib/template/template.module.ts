import { Module } from '@nestjs/common';
import { TemplatesController } from './templates.controller';

/** Message templates. */
@Module({
  controllers: [TemplatesController],
})
export class TemplateModule {}

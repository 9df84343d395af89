import { Module } from '@nestjs/common';
import { KnowledgeSearchService } from './knowledge-search.service';
import { KnowledgeGapRecorder } from './knowledge-gap.recorder';
import { KnowledgeController } from './knowledge.controller';

/** The knowledge base, its search, and the gaps the assistant could not answer. */
@Module({
  providers: [KnowledgeSearchService, KnowledgeGapRecorder],
  controllers: [KnowledgeController],
  exports: [KnowledgeSearchService, KnowledgeGapRecorder],
})
export class KnowledgeModule {}

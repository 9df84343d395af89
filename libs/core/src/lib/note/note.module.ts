import { Module } from '@nestjs/common';
import { NotesController } from './notes.controller';
import { NoteService } from './note.service';

/** Internal notes on conversations. */
@Module({
  providers: [NoteService],
  controllers: [NotesController],
  exports: [NoteService],
})
export class NoteModule {}

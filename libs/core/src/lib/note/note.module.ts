import { Module } from '@nestjs/common';
import { NotesController } from './notes.controller';

/** Internal notes on conversations. */
@Module({
  controllers: [NotesController],
})
export class NoteModule {}

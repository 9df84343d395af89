import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { NoteView, Page } from '@parley/contracts';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { PageQueryDto } from '../common/page-query.dto';
import { CreateNoteDto } from './note.dto';
import { NoteService } from './note.service';

/** Internal notes: visible to the team, never sent to the contact. */
@ApiTags('notes')
@ApiBearerAuth()
@Controller('conversations/:conversationId/notes')
export class NotesController {
  constructor(private readonly notes: NoteService) {}

  @Get()
  list(@Param('conversationId', ParseUUIDPipe) conversationId: string, @Query() page: PageQueryDto): Promise<Page<NoteView>> {
    return this.notes.list(conversationId, page);
  }

  @Post()
  create(@CurrentPrincipal() p: Principal, @Param('conversationId', ParseUUIDPipe) conversationId: string, @Body() dto: CreateNoteDto): Promise<NoteView> {
    return this.notes.create(p, conversationId, dto.body);
  }
}

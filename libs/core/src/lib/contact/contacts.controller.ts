import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ContactDetail, ContactView, Page } from '@parley/contracts';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { actorOf } from '../timeline/actor';
import { AiPauseDto, ContactListQueryDto, MergeContactDto, UpdateContactDto } from './contact.dto';
import { ContactDirectory } from './contact-directory.service';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactDirectory) {}

  /** Newest first; `q` matches a name, email or phone fragment. */
  @Get()
  list(@CurrentPrincipal() p: Principal, @Query() query: ContactListQueryDto): Promise<Page<ContactView>> {
    return this.contacts.list(p.workspaceId, query);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ContactDetail> {
    return this.contacts.detail(id);
  }

  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateContactDto): Promise<ContactView> {
    return this.contacts.update(id, dto);
  }

  /** The other contact's identities and conversations move here; the other contact is gone. */
  @Post(':id/merge')
  @HttpCode(200)
  merge(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: MergeContactDto): Promise<ContactDetail> {
    return this.contacts.merge(id, dto.contactId, actorOf(p));
  }

  @Post(':id/ai-pause')
  @HttpCode(200)
  aiPause(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AiPauseDto): Promise<ContactView> {
    return this.contacts.setAiPaused(id, true, dto.reason ?? null, actorOf(p));
  }

  @Post(':id/ai-resume')
  @HttpCode(200)
  aiResume(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ContactView> {
    return this.contacts.setAiPaused(id, false, null, actorOf(p));
  }
}

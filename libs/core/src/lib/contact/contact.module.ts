import { Module } from '@nestjs/common';
import { TimelineModule } from '../timeline/timeline.module';
import { ContactService } from './contact.service';
import { ContactDirectory } from './contact-directory.service';
import { ContactsController } from './contacts.controller';

/** Contacts and their channel identities: the one contact + identity write, and what operators do with contacts. */
@Module({
  imports: [TimelineModule],
  providers: [ContactService, ContactDirectory],
  controllers: [ContactsController],
  exports: [ContactService],
})
export class ContactModule {}

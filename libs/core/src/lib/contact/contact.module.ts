import { Module } from '@nestjs/common';
import { TimelineModule } from '../timeline/timeline.module';
import { ContactService } from './contact.service';
import { ContactsController } from './contacts.controller';

/** Contacts and their channel identities. */
@Module({
  imports: [TimelineModule],
  providers: [ContactService],
  controllers: [ContactsController],
  exports: [ContactService],
})
export class ContactModule {}

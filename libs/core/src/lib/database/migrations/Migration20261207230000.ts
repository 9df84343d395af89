import { Migration } from '@mikro-orm/migrations';

/**
 * The card's delivery failure mark kept on the conversation (no probe of the thread per card of a list
 * page): true where the newest outbound message failed or bounced.
 */
export class Migration20261207230000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "conversation" add column "delivery_failed" boolean not null default false;`);
    this.addSql(`update "conversation" c set "delivery_failed" = true
      from (select distinct on (conversation_id) conversation_id, delivery_status from "message" where direction = 'outbound'
             order by conversation_id, created_at desc, id desc) newest
      where newest.conversation_id = c.id and newest.delivery_status in ('failed', 'bounced');`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "conversation" drop column "delivery_failed";`);
  }
}

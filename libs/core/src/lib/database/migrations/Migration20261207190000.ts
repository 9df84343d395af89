import { Migration } from '@mikro-orm/migrations';

/**
 * Read markers by conversation: the realtime card of a conversation names the users whose read marker
 * makes its `unread` differ (ConversationCards), and deleting a conversation cascades to its markers.
 */
export class Migration20261207190000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "read_marker_conversation_idx" on "read_marker" ("conversation_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "read_marker_conversation_idx";`);
  }
}

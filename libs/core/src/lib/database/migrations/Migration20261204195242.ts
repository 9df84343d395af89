import { Migration } from '@mikro-orm/migrations';

/**
 * Files to delete: every attachment row that goes (by whichever path, cascades included) leaves its
 * storage key in `file_deletion` in the same transaction, so bytes are never orphaned by a crash
 * between the commit and the unlink. Also the index behind the sweep of never-attached uploads.
 */
export class Migration20261204195242 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "file_deletion" ("id" bigserial primary key, "storage_key" text not null, "workspace_id" uuid not null, "created_at" timestamptz not null default now(), "attempts" int not null default 0, "last_error" text null);`,
    );
    this.addSql(`alter table "file_deletion" add constraint "file_deletion_storage_key_unique" unique ("storage_key");`);

    this.addSql(`create index "attachment_unattached_idx" on "attachment" ("created_at") where "message_id" is null;`);

    // Row-level: foreign-key cascades (conversation → message → attachment, workspace → …) fire it too.
    // Pending inbound media has no key yet: nothing on disk to delete.
    this.addSql(`create function attachment_file_deletion() returns trigger language plpgsql as $$
      begin
        insert into file_deletion (storage_key, workspace_id) values (old.storage_key, old.workspace_id) on conflict (storage_key) do nothing;
        return null;
      end $$;`);
    this.addSql(`create trigger attachment_file_deletion after delete on attachment for each row
      when (old.storage_key <> '') execute function attachment_file_deletion();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists attachment_file_deletion on attachment;`);
    this.addSql(`drop function if exists attachment_file_deletion();`);
    this.addSql(`drop table if exists "file_deletion" cascade;`);
    this.addSql(`drop index "attachment_unattached_idx";`);
  }
}

import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '@parley/core';
import { workerDatabaseUrl } from './harness';

/** The migrations must build exactly the schema the entities describe. */
describe('entities and migrations', () => {
  it('agree: the schema diff after migrating is empty', async () => {
    const orm = await MikroORM.init(ormOptions(await workerDatabaseUrl()));
    try {
      expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
      const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
      expect(diff.trim()).toBe('');
    } finally {
      await orm.close(true);
    }
  });

  it('has an index behind every list filter', async () => {
    const orm = await MikroORM.init(ormOptions(await workerDatabaseUrl()));
    try {
      const rows: { indexname: string }[] = await orm.em.getConnection().execute("select indexname from pg_indexes where schemaname = 'public'");
      const names = rows.map((r) => r.indexname);
      for (const index of [
        'conversation_list_idx',
        'conversation_status_idx',
        'conversation_assignee_idx',
        'conversation_channel_idx',
        'conversation_account_idx',
        'conversation_contact_idx',
        'conversation_campaign_idx',
        'conversation_requires_action_idx',
        'conversation_inbound_idx',
        'contact_search_trgm_idx',
        'message_search_idx',
        'message_provider_id_unique',
      ]) {
        expect(names).toContain(index);
      }
    } finally {
      await orm.close(true);
    }
  });
});

import { defineConfig, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ENTITIES, WORKSPACE_SCOPED } from './entities';
import { MIGRATIONS } from './migrations';
import { workspaceFilter } from './workspace-filter';

export function ormOptions(databaseUrl: string, extra: Partial<Options> = {}): Options {
  return defineConfig({
    driver: PostgreSqlDriver,
    clientUrl: databaseUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    forceUtcTimezone: true,
    // No hidden shared identity map: every request, job and script works in its own fork.
    allowGlobalContext: false,
    filters: { [workspaceFilter.name]: { ...workspaceFilter, entity: WORKSPACE_SCOPED.map((e) => e.name) } },
    // The workspace filter scopes the entity queried; what it references is in the same workspace by
    // construction. Without this, every load of a conversation joined its contact, account, assignee and campaign.
    autoJoinRefsForFilters: false,
    pool: { min: 0, max: 20 },
    migrations: {
      migrationsList: MIGRATIONS,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      disableForeignKeys: false,
    },
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    ...extra,
  });
}

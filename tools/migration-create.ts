/**
 * Writes a migration for the difference between the entities and the database at DATABASE_URL
 * (run through `npm run migration:create`). Review it, then add it to database/migrations/index.ts.
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '../libs/core/src/lib/database/orm.config';

async function main(): Promise<void> {
  const url = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/parley_migrations';
  const orm = await MikroORM.init({
    ...ormOptions(url),
    migrations: {
      ...ormOptions(url).migrations,
      path: 'libs/core/src/lib/database/migrations',
      emit: 'ts',
      fileName: (ts: string, name?: string) => `Migration${ts}${name ? '_' + name : ''}`,
    },
  });
  await orm.getMigrator().up();
  const initial = process.argv.includes('--initial');
  const result = await orm.getMigrator().createMigration(undefined, false, initial, process.argv[2]?.startsWith('--') ? undefined : process.argv[2]);
  console.log(result.diff.up.length ? `Wrote ${result.fileName}` : 'Entities and migrations agree: nothing to write.');
  await orm.close();
}

void main();

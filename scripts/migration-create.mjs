// Creates (if needed) a scratch database and writes a migration for entity changes. See tools/migration-create.ts.
import { execFileSync } from 'node:child_process';
import pg from 'pg';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/parley_migrations';
const admin = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
await admin.connect();
const db = new URL(url).pathname.slice(1);
const exists = await admin.query('select 1 from pg_database where datname = $1', [db]);
if (!exists.rowCount) await admin.query(`create database "${db}"`);
await admin.end();
execFileSync(process.execPath, ['-r', '@swc-node/register', 'tools/migration-create.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: url, SWC_NODE_PROJECT: 'tsconfig.base.json' },
});

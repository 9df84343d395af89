// `npm start`: checks PostgreSQL and Redis, builds what is missing or stale, then runs the server, which
// migrates, seeds the demo workspace on first run and prints the URL and the demo login.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false', NG_CLI_ANALYTICS: 'false' };
const databaseUrl = new URL(env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/parley');
const redisUrl = new URL(env.REDIS_URL ?? 'redis://127.0.0.1:6379');

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port: Number(port), timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

const problems = [];
if (!(await reachable(databaseUrl.hostname, databaseUrl.port || 5432))) {
  problems.push(
    `PostgreSQL is not reachable at ${databaseUrl.host}: start it (Debian: pg_ctlcluster --skip-systemctl-redirect 15 main start) or set DATABASE_URL.`,
  );
}
if (!(await reachable(redisUrl.hostname, redisUrl.port || 6379))) {
  problems.push(`Redis is not reachable at ${redisUrl.host}: start it (redis-server --daemonize yes --port 6379) or set REDIS_URL.`);
}
if (problems.length) {
  for (const p of problems) console.error(`✗ ${p}`);
  console.error('  No local services? `docker compose up` runs PostgreSQL, Redis and Parley together.');
  process.exit(1);
}

// Create the database on first run (the server's migrations need it to exist).
const pg = (await import('pg')).default;
const admin = new pg.Client({ connectionString: new URL('/postgres', databaseUrl).toString().replace(/\/postgres$/, '/postgres') });
try {
  await admin.connect();
  const name = databaseUrl.pathname.slice(1);
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (!rowCount) {
    console.log(`Creating database "${name}"…`);
    await admin.query(`create database "${name.replace(/"/g, '""')}"`);
  }
} catch (err) {
  console.error(`✗ PostgreSQL refused the connection: ${err.message}`);
  process.exit(1);
} finally {
  await admin.end().catch(() => undefined);
}

/** Newest modification time under the given folders: rebuild when sources are newer than the build. */
function newest(paths) {
  let max = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      if (/node_modules|dist|\.angular/.test(p)) return;
      for (const entry of readdirSync(p)) walk(join(p, entry));
    } else max = Math.max(max, s.mtimeMs);
  };
  paths.forEach((p) => walk(join(root, p)));
  return max;
}
const server = join(root, 'dist/apps/api/main.js');
const admin_ = join(root, 'dist/apps/admin/browser/index.html');
const sourcesChanged = newest(['apps', 'libs', 'plugins', 'package-lock.json']);
const built = Math.min(existsSync(server) ? statSync(server).mtimeMs : 0, existsSync(admin_) ? statSync(admin_).mtimeMs : 0);
if (built < sourcesChanged) {
  console.log('Building Parley (API and dashboard)… this takes about a minute the first time.');
  const status = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=api,admin', '--parallel=2', '--outputStyle=static'], {
    stdio: 'inherit',
    env,
    cwd: root,
  }).status;
  if (status !== 0) process.exit(status ?? 1);
}

const child = spawn(process.execPath, ['--enable-source-maps', server, 'serve', '--seed-demo'], {
  stdio: 'inherit',
  env: { NODE_ENV: 'development', ...env },
  cwd: root,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));

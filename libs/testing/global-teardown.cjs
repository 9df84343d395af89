// Drops this run's databases and Redis keys.
const { Client } = require('pg');
const { Redis } = require('ioredis');
const { adminUrl } = require('./global-setup.cjs');

module.exports = async function globalTeardown() {
  const runId = process.env.PARLEY_TEST_RUN;
  if (!runId) return;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  const { rows } = await admin.query('select datname from pg_database where datname like $1', [`parley_t_${runId}_%`]);
  for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  await admin.end();

  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `pt${runId}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } catch {
    // Redis already gone: nothing to clean.
  } finally {
    redis.disconnect();
  }
};

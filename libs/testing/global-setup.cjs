// Runs once per `jest` invocation: names this run, and clears what crashed earlier runs left behind.
const { Client } = require('pg');

module.exports = async function globalSetup() {
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  process.env.PARLEY_TEST_RUN = runId;
  const admin = new Client({ connectionString: adminUrl() });
  try {
    await admin.connect();
    // Databases of runs older than 3 hours are leftovers of killed runs.
    const { rows } = await admin.query("select datname from pg_database where datname like 'parley_t\\_%'");
    const cutoff = Date.now() - 3 * 3600_000;
    for (const { datname } of rows) {
      const started = parseInt(datname.split('_')[2]?.slice(0, 8) ?? '', 36);
      if (Number.isFinite(started) && started < cutoff) await admin.query(`drop database if exists "${datname}" with (force)`);
    }
  } catch (err) {
    console.error(`\nPostgreSQL is not reachable at ${adminUrl()}: ${err.message}\n`);
    throw err;
  } finally {
    await admin.end().catch(() => undefined);
  }
};

function adminUrl() {
  const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  return base.replace(/\/[^/]*$/, '/postgres');
}
module.exports.adminUrl = adminUrl;

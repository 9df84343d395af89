// `npm test`: lint with module boundaries, then every Jest project in one run (a single pass/fail total).
import { spawnSync } from 'node:child_process';

const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false', NG_CLI_ANALYTICS: 'false' };
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1;

const extra = process.argv.slice(2);
if (!extra.length) {
  console.log('› lint (including module boundaries)');
  if (run('npx', ['nx', 'run-many', '-t', 'lint', '--parallel=2', '--outputStyle=static']) !== 0) process.exit(1);
}
console.log('› tests');
process.exit(run('npx', ['jest', '--maxWorkers=2', ...extra]));

// `npm test`: lint (module boundaries included), then every Jest project in one run, so one
// pass/fail total covers everything. Extra arguments go to Jest (CI adds --json --outputFile=…).
import { spawnSync } from 'node:child_process';

const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false', NG_CLI_ANALYTICS: 'false' };
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1;

console.log('> format (Prettier; `npm run format` fixes it)');
const format = run('npx', ['prettier', '--check', '--log-level=warn', '.']);

console.log('> lint (module boundaries included)');
const lint = run('npx', ['nx', 'run-many', '-t', 'lint', '--parallel=2', '--outputStyle=static']);

console.log('> tests (PostgreSQL and Redis on 127.0.0.1)');
const jest = run('npx', ['jest', '--maxWorkers=2', ...process.argv.slice(2)]);

if (format !== 0) console.error('Formatting differs from Prettier (see above): run `npm run format`.');
if (lint !== 0) console.error('Lint failed (see above).');
process.exit(format !== 0 ? format : lint !== 0 ? lint : jest);

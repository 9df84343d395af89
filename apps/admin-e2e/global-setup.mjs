// Runs once before the browser suite (only when one of its files is selected): builds api and admin
// if dist is missing or older than the sources, so `npm test` works from a clean clone. A failed build
// does not abort the whole Jest run (every other project still reports): each e2e file fails with it.
import { ensureBuilt } from './build.mjs';

export default async function globalSetup() {
  try {
    ensureBuilt((line) => console.log(`\n[admin-e2e] ${line}`));
  } catch (err) {
    console.error(`\n[admin-e2e] ${err.message}`);
    process.env.PARLEY_E2E_BUILD_ERROR = err.message;
  }
}

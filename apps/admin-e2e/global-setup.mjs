// Runs once before the browser suite (only when one of its files is selected): builds api and admin
// if dist is missing or older than the sources, so `npm test` works from a clean clone.
import { ensureBuilt } from './build.mjs';

export default async function globalSetup() {
  ensureBuilt((line) => console.log(`\n[admin-e2e] ${line}`));
}

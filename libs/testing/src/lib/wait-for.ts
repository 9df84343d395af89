import { createServer } from 'node:net';
/**
 * Polls `probe` until `ok` accepts its value (or the time is up) and returns the last value, so the
 * assertion that follows shows what was there instead of a bare timeout.
 */
export async function waitFor<T>(probe: () => Promise<T>, ok: (value: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  let value = await probe();
  while (!ok(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    value = await probe();
  }
  return value;
}

/** A loopback port nothing listens on at the moment (for a server a test starts, e.g. the app's SMTP listener). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'pk_';

/** `pk_<8 char id>_<secret>`: the short id is shown in lists, the whole key only once. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(6).toString('base64url').slice(0, 8);
  const key = `${API_KEY_PREFIX}${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** A fast hash is right here: the key has 256 bits of entropy, so there is nothing to brute-force. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

import { GuardedHttpClient } from '@parley/core/testing';

/**
 * The host's outbound HTTP client exactly as plugins get it (PluginHttpClient), for a plugin's own unit tests:
 * local doubles on loopback are allowed, as OUTBOUND_ALLOWED_HOSTS allows them in the test app. Close it with
 * `onModuleDestroy()` in afterAll.
 */
export const hostHttpClient = (allowedHosts: readonly string[] = ['127.0.0.1', 'localhost']): GuardedHttpClient => new GuardedHttpClient(allowedHosts);

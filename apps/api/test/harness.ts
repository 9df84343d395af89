import { ENABLED_PLUGINS } from '@parley/enabled-plugins';
import { createTestApp as createAppWith, type TestApp } from '@parley/testing';

export * from '@parley/testing';

/** The API as `apps/api` composes it: the core with every enabled plugin. */
export const createTestApp = (overrides: Record<string, string> = {}): Promise<TestApp> => createAppWith(overrides, { plugins: ENABLED_PLUGINS });

import type { MigrationObject } from '@mikro-orm/core';

/** Listed explicitly (the bundle cannot glob); append new migrations in order. */
export const MIGRATIONS: MigrationObject[] = [];

import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121130014 } from './Migration20261121130014';

/** Listed explicitly (the bundle cannot glob); append new migrations in order. */
export const MIGRATIONS: MigrationObject[] = [{ name: 'Migration20261121130014', class: Migration20261121130014 }];

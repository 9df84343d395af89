import { ManyToOne } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import { Workspace } from '../workspace/workspace.entity';

/**
 * Every tenant row. The `workspace` filter (see workspace-filter.ts) is enabled by default for all
 * subclasses, so a query without a workspace in context fails instead of leaking another tenant's rows.
 */
export abstract class WorkspaceScopedEntity extends BaseEntity {
  @ManyToOne(() => Workspace, { mapToPk: true, deleteRule: 'cascade', index: false })
  workspace: string;
}

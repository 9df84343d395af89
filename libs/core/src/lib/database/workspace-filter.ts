import type { EntityManager } from '@mikro-orm/postgresql';

export const WORKSPACE_FILTER = 'workspace';

export interface WorkspaceFilterParams {
  workspaceId: string;
}

/**
 * Fail-closed tenant scope: the condition needs its argument, so MikroORM throws
 * "No arguments provided for filter 'workspace'" when no workspace was set for the context.
 */
export const workspaceFilter = {
  name: WORKSPACE_FILTER,
  default: true,
  cond: (args: WorkspaceFilterParams) => ({ workspace: args.workspaceId }),
};

export function scopeToWorkspace(em: EntityManager, workspaceId: string): void {
  em.setFilterParams(WORKSPACE_FILTER, { workspaceId } satisfies WorkspaceFilterParams);
}

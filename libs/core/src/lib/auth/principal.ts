import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { UserRole } from '@parley/contracts';

/** Who is calling: a signed-in user or an integration's API key (which acts with admin rights). */
export interface Principal {
  kind: 'user' | 'api_key';
  id: string;
  workspaceId: string;
  role: UserRole;
  name: string;
  email?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export const IS_PUBLIC = 'parley:public';
/** Opens a route to unauthenticated callers (login, signup, webhooks, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const ROLES = 'parley:roles';
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});

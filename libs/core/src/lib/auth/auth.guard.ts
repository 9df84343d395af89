import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { UserRole } from '@parley/contracts';
import { IS_PUBLIC, ROLES } from './principal';
import { TokenVerifier } from './token-verifier';
import { scopeToWorkspace } from '../database/workspace-filter';

/** `GET /api/v1/events` may carry the token in the query: browsers' EventSource cannot set headers. */
const QUERY_TOKEN_PATHS = /^\/api\/v1\/events(\?|$)/;

/**
 * Global guard: authenticates the bearer token (JWT or API key), enforces @Roles, and scopes the
 * request's EntityManager to the caller's workspace, so no handler can forget to.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
    private readonly em: EntityManager,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (context.getType() !== 'http') return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const query = QUERY_TOKEN_PATHS.test(request.url) ? (request.query as Record<string, string | undefined>)['access_token'] : undefined;
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? query;
    if (!token) throw new UnauthorizedException('Missing bearer token');

    const { principal } = await this.tokens.verify(token);
    request.principal = principal;
    scopeToWorkspace(this.em, principal.workspaceId);

    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets);
    if (roles?.length && !roles.includes(principal.role)) {
      throw new ForbiddenException(`Requires role ${roles.join(' or ')}`);
    }
    return true;
  }
}

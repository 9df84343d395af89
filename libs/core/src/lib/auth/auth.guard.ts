import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { UserRole } from '@parley/contracts';
import { IS_PUBLIC, ROLES, type Principal } from './principal';
import { API_KEY_PREFIX, hashApiKey } from './api-key.util';
import { User } from './user.entity';
import { ApiKey } from './api-key.entity';
import { scopeToWorkspace } from '../database/workspace-filter';

export interface AccessTokenClaims {
  sub: string;
  wid: string;
  role: UserRole;
}

/**
 * Global guard: authenticates the bearer token (JWT or API key), enforces @Roles, and scopes the
 * request's EntityManager to the caller's workspace, so no handler can forget to.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly em: EntityManager,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (context.getType() !== 'http') return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new UnauthorizedException('Missing bearer token');

    const principal = token.startsWith(API_KEY_PREFIX) ? await this.fromApiKey(token) : await this.fromJwt(token);
    request.principal = principal;
    scopeToWorkspace(this.em, principal.workspaceId);

    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets);
    if (roles?.length && !roles.includes(principal.role)) {
      throw new ForbiddenException(`Requires role ${roles.join(' or ')}`);
    }
    return true;
  }

  private async fromJwt(token: string): Promise<Principal> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch {
      throw new UnauthorizedException('Invalid or expired token');
    }
    // Re-read the user so a deleted account or a changed role takes effect at once.
    const user = await this.em.findOne(User, { id: claims.sub, workspace: claims.wid }, { filters: false });
    if (!user) throw new UnauthorizedException('Invalid or expired token');
    return { kind: 'user', id: user.id, workspaceId: user.workspace, role: user.role, name: user.name, email: user.email };
  }

  private async fromApiKey(token: string): Promise<Principal> {
    const key = await this.em.findOne(ApiKey, { keyHash: hashApiKey(token), revokedAt: null }, { filters: false });
    if (!key) throw new UnauthorizedException('Invalid API key');
    // Best effort, off the request path.
    void this.em
      .getConnection()
      .execute('update api_key set last_used_at = now() where id = ?', [key.id])
      .catch(() => undefined);
    return { kind: 'api_key', id: key.id, workspaceId: key.workspace, role: 'admin', name: key.name };
  }
}

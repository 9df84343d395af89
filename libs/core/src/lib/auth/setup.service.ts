import { ConflictException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { createHash, randomBytes } from 'node:crypto';
import type { AuthResult, SetupStatus } from '@parley/contracts';
import { DEMO_ADMIN_EMAIL } from '../demo/demo-data';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { Workspace } from '../workspace/workspace.entity';
import { AutonomyPolicy } from '../autonomy/autonomy-policy.entity';
import { AuthService } from './auth.service';
import { PasswordService } from './password.service';
import { SetupToken } from './setup-token.entity';
import { User } from './user.entity';
import type { SetupDto } from './setup.dto';

/** How long a printed setup link works; a restart prints a new one while there is still no user. */
export const SETUP_LINK_TTL_MS = 24 * 3600_000;

export interface FirstAdmin {
  workspaceName: string;
  name: string;
  email: string;
  password: string;
}

export class SetupDoneError extends ConflictException {
  constructor() {
    super('Parley is already set up (it has users): sign in, or ask an admin for an account');
  }
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The first admin of a server started without the demo, created once: through the one-time link the
 * server prints (`POST /setup`) or the `create-admin` command. Both take the same lock and check that
 * no user exists inside it, so two attempts at once make one admin and the door then stays shut.
 */
@Injectable()
export class SetupService {
  constructor(
    private readonly orm: MikroORM,
    private readonly passwords: PasswordService,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `GET /setup`: whether the first admin is still to be made, and whether the public demo login works
   * here. Never in production, even on a database an older image seeded: the hint would advertise it.
   */
  async status(): Promise<SetupStatus> {
    const em = this.orm.em.fork();
    const [row] = await em
      .getConnection()
      .execute('select exists (select 1 from app_user) as any, exists (select 1 from app_user where email = ?) as demo', [DEMO_ADMIN_EMAIL]);
    return { required: !row?.any, demo: this.config.env !== 'production' && Boolean(row?.demo) };
  }

  /** A new one-time link (its token stored hashed), or null when a user exists. */
  async issueLink(): Promise<{ url: string; expiresAt: Date } | null> {
    const em = this.orm.em.fork();
    if (await this.anyUser(em)) return null;
    const token = randomBytes(32).toString('base64url');
    const row = Object.assign(new SetupToken(), { tokenHash: sha256(token), expiresAt: new Date(Date.now() + SETUP_LINK_TTL_MS) });
    await em.persist(row).flush();
    return { url: `${this.config.publicUrl}/setup?token=${token}`, expiresAt: row.expiresAt };
  }

  /** `POST /setup`: consumes the token and creates the first admin; 401 for a bad token, 409 once set up. */
  async complete(dto: SetupDto): Promise<AuthResult> {
    const user = await this.createFirstAdmin(dto, async (tx) => {
      const used = await tx
        .getConnection()
        .execute('delete from setup_token where token_hash = ? and expires_at > now() returning id', [sha256(dto.token)], 'all', tx.getTransactionContext());
      if (!used.length) throw new UnauthorizedException('This setup link is invalid or expired: restart the server for a new one, or run create-admin');
    });
    return this.auth.issue(user);
  }

  /**
   * Creates the first workspace and its admin, unless any user exists (SetupDoneError). `authorize`
   * runs inside the transaction, after that check (the setup link's token). Every setup token goes.
   */
  async createFirstAdmin(admin: FirstAdmin, authorize: (tx: EntityManager) => Promise<void> = async () => undefined): Promise<User> {
    // Hashed before taking the lock: argon2 takes a while, the lock should not.
    const passwordHash = await this.passwords.hash(admin.password);
    return this.orm.em.fork().transactional(async (tx) => {
      await tx.getConnection().execute("select pg_advisory_xact_lock(hashtext('parley:first-admin'))", [], 'all', tx.getTransactionContext());
      if (await this.anyUser(tx)) throw new SetupDoneError();
      await authorize(tx);
      const workspace = Object.assign(new Workspace(), { name: admin.workspaceName });
      const user = Object.assign(new User(), { workspace: workspace.id, email: admin.email, name: admin.name, role: 'admin', passwordHash });
      const policy = Object.assign(new AutonomyPolicy(), { workspace: workspace.id });
      tx.persist([workspace, user, policy]);
      await tx.nativeDelete(SetupToken, {});
      return user;
    });
  }

  private async anyUser(em: EntityManager): Promise<boolean> {
    const [row] = await em.getConnection().execute('select exists (select 1 from app_user) as any', [], 'all', em.getTransactionContext());
    return Boolean(row?.any);
  }
}

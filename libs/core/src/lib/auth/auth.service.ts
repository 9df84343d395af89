import { ConflictException, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { EntityManager } from '@mikro-orm/postgresql';
import type { AuthResult } from '@parley/contracts';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { Workspace } from '../workspace/workspace.entity';
import { AutonomyPolicy } from '../autonomy/autonomy-policy.entity';
import { User } from './user.entity';
import { PasswordService } from './password.service';
import { toUserView } from './user.view';
import type { AccessTokenClaims } from './token-verifier';
import type { LoginDto, SignupDto } from './auth.dto';

@Injectable()
export class AuthService {
  constructor(
    private readonly em: EntityManager,
    private readonly jwt: JwtService,
    private readonly passwords: PasswordService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async signup(dto: SignupDto): Promise<AuthResult> {
    if (!this.config.allowSignup) throw new ForbiddenException('Signup is disabled on this server (ALLOW_SIGNUP=false)');
    await this.assertEmailFree(dto.email);
    const workspace = new Workspace();
    workspace.name = dto.workspaceName;
    const user = new User();
    Object.assign(user, { workspace: workspace.id, email: dto.email, name: dto.name, role: 'admin' });
    user.passwordHash = await this.passwords.hash(dto.password);
    const policy = new AutonomyPolicy();
    policy.workspace = workspace.id;
    await this.em.transactional(async (em) => {
      em.persist([workspace, user, policy]);
    });
    return this.issue(user);
  }

  async login(dto: LoginDto): Promise<AuthResult> {
    const user = await this.em.findOne(User, { email: dto.email }, { filters: false });
    // Verify against a dummy hash when the user is unknown so timing does not reveal which emails exist.
    const ok = await this.passwords.verify(user?.passwordHash ?? DUMMY_HASH, dto.password);
    if (!user || !ok) throw new UnauthorizedException('Wrong email or password');
    return this.issue(user);
  }

  async assertEmailFree(email: string, exceptUserId?: string): Promise<void> {
    const existing = await this.em.findOne(User, { email }, { filters: false, fields: ['id'] });
    if (existing && existing.id !== exceptUserId) throw new ConflictException('A user with this email already exists');
  }

  /** A session for the user (signup, login, the first admin's setup). */
  async issue(user: User): Promise<AuthResult> {
    const claims: AccessTokenClaims = { sub: user.id, wid: user.workspace, role: user.role };
    return { accessToken: await this.jwt.signAsync(claims), user: toUserView(user) };
  }
}

const DUMMY_HASH = '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$Wb0JYf3m1TqTNS7IEo8VI4w8oc2dGCHbvVnYbHMRpzQ';

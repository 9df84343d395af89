import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { UserView } from '@parley/contracts';
import { CreateUserDto, UpdateUserDto } from './auth.dto';
import { CurrentPrincipal, Roles, type Principal } from './principal';
import { User } from './user.entity';
import { PasswordService } from './password.service';
import { AuthService } from './auth.service';
import { toUserView } from './user.view';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly em: EntityManager,
    private readonly passwords: PasswordService,
    private readonly auth: AuthService,
  ) {}

  /** Operators may list teammates (to assign); only admins change them. */
  @Get()
  async list(): Promise<{ items: UserView[]; nextCursor: null }> {
    const users = await this.em.find(User, {}, { orderBy: { name: 'asc' }, limit: 1000 });
    return { items: users.map(toUserView), nextCursor: null };
  }

  @Roles('admin')
  @Post()
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateUserDto): Promise<UserView> {
    await this.auth.assertEmailFree(dto.email);
    const user = new User();
    Object.assign(user, { workspace: principal.workspaceId, email: dto.email, name: dto.name, role: dto.role });
    user.passwordHash = await this.passwords.hash(dto.password);
    await this.em.persist(user).flush();
    return toUserView(user);
  }

  @Roles('admin')
  @Patch(':id')
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    const user = await this.em.findOneOrFail(User, id);
    if (dto.email && dto.email !== user.email) await this.auth.assertEmailFree(dto.email, user.id);
    if (dto.role && dto.role !== 'admin' && user.role === 'admin') await this.assertAnotherAdmin(user.id);
    const { password, ...fields } = dto;
    Object.assign(user, fields);
    if (password) user.passwordHash = await this.passwords.hash(password);
    await this.em.flush();
    return toUserView(user);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    const user = await this.em.findOneOrFail(User, id);
    if (principal.kind === 'user' && principal.id === id) throw new BadRequestException('You cannot delete yourself');
    if (user.role === 'admin') await this.assertAnotherAdmin(user.id);
    await this.em.remove(user).flush();
  }

  /** A workspace never loses its last admin. */
  private async assertAnotherAdmin(exceptId: string): Promise<void> {
    const others = await this.em.count(User, { role: 'admin', id: { $ne: exceptId } });
    if (others === 0) throw new BadRequestException('A workspace needs at least one admin');
  }
}

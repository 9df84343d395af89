import type { UserSummary, UserView } from '@parley/contracts';
import type { User } from './user.entity';

export const toUserView = (u: User): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  workspaceId: u.workspace,
  createdAt: u.createdAt.toISOString(),
});

export const toUserSummary = (u: Pick<User, 'id' | 'name' | 'email'>): UserSummary => ({ id: u.id, name: u.name, email: u.email });

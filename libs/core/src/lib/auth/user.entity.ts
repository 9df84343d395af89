import { Entity, Enum, Index, Property, Unique } from '@mikro-orm/core';
import { USER_ROLES, type UserRole } from '@parley/contracts';
import { WorkspaceScopedEntity } from '../database/scoped.entity';

@Entity({ tableName: 'app_user' })
@Index({ properties: ['workspace', 'createdAt'] })
export class User extends WorkspaceScopedEntity {
  /** Login is by email alone, so an address belongs to one account across workspaces. */
  @Property({ type: 'text' })
  @Unique()
  email: string;

  @Property({ type: 'text' })
  name: string;

  @Enum({ items: () => [...USER_ROLES], nativeEnumName: 'user_role' })
  role: UserRole = 'operator';

  @Property({ type: 'text', hidden: true })
  passwordHash: string;
}

import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { WorkspaceScopedEntity } from '../database/scoped.entity';
import { ChannelAccount } from '../channel-account/channel-account.entity';

/** An approved message template of a channel account; `{{1}}`-style parameters in the body. */
@Entity({ tableName: 'template' })
@Index({ properties: ['workspace', 'createdAt'] })
@Unique({ properties: ['channelAccount', 'name', 'language'] })
export class Template extends WorkspaceScopedEntity {
  @ManyToOne(() => ChannelAccount, { mapToPk: true, deleteRule: 'cascade', index: false })
  channelAccount: string;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text', default: 'en' })
  language = 'en';

  @Property({ type: 'text' })
  body: string;
}

import { Module } from '@nestjs/common';
import { PluginHostModule } from '../plugin-host/plugin-host.module';
import { ChannelAccountService } from './channel-account.service';
import { AccountContextService } from './account-context.service';
import { ChannelAccountsController } from './channel-accounts.controller';

/** Channel accounts, and an account resolved to its plugin and context (for ingest, delivery and media). */
@Module({
  imports: [PluginHostModule],
  providers: [ChannelAccountService, AccountContextService],
  controllers: [ChannelAccountsController],
  exports: [ChannelAccountService, AccountContextService],
})
export class ChannelAccountModule {}

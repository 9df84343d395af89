import { Module } from '@nestjs/common';
import { ChannelAccountModule } from '../channel-account/channel-account.module';
import { IngestModule } from '../ingest/ingest.module';
import { PluginHostModule } from '../plugin-host/plugin-host.module';
import { ListenersService } from './listeners.service';
import { PluginListenerHost } from './plugin-listener-host';

/** Channel plugins' own intake (SMTP, IMAP), run by API processes; composed by CoreHttpModule. */
@Module({
  imports: [ChannelAccountModule, IngestModule, PluginHostModule],
  providers: [PluginListenerHost, ListenersService],
  exports: [PluginListenerHost],
})
export class ListenerModule {}

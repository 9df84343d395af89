import { Global, Inject, Injectable, Logger, Module } from '@nestjs/common';
import { PluginClock, PluginFileStore, PluginHttpClient, PluginLoggerFactory, type PluginLogger } from '@parley/plugin-sdk';
import { FileStorage, LocalDiskStorage } from '../attachment/file-storage';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { GuardedHttpClient } from './outbound-guard';

@Injectable()
class SystemClock extends PluginClock {
  now(): Date {
    return new Date();
  }
}

@Injectable()
class NestPluginLoggerFactory extends PluginLoggerFactory {
  forPlugin(pluginId: string): PluginLogger {
    const logger = new Logger(`plugin:${pluginId}`);
    return { log: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m), debug: (m) => logger.debug(m) };
  }
}

@Injectable()
class StoredFiles extends PluginFileStore {
  constructor(@Inject(FileStorage) private readonly storage: FileStorage) {
    super();
  }

  read(attachmentId: string): Promise<Buffer> {
    return this.storage.readAttachment(attachmentId);
  }
}

/** What plugins may inject: the SDK's facades, implemented here (and the file storage behind them). Global so any plugin module sees them. */
@Global()
@Module({
  providers: [
    { provide: FileStorage, useClass: LocalDiskStorage },
    // The one outbound HTTP client of every plugin: internal addresses only when OUTBOUND_ALLOWED_HOSTS lists them.
    { provide: PluginHttpClient, useFactory: (config: AppConfig) => new GuardedHttpClient(config.outboundAllowedHosts), inject: [APP_CONFIG] },
    { provide: PluginClock, useClass: SystemClock },
    { provide: PluginLoggerFactory, useClass: NestPluginLoggerFactory },
    { provide: PluginFileStore, useClass: StoredFiles },
  ],
  exports: [FileStorage, PluginHttpClient, PluginClock, PluginLoggerFactory, PluginFileStore],
})
export class PluginFacadesModule {}

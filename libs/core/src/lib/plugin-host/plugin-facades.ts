import { Global, Inject, Injectable, Logger, Module } from '@nestjs/common';
import { PluginClock, PluginFileStore, PluginHttpClient, PluginLoggerFactory, type PluginLogger } from '@parley/plugin-sdk';
import { FileStorage, LocalDiskStorage } from '../attachment/file-storage';

const DEFAULT_TIMEOUT_MS = 15_000;

@Injectable()
class FetchHttpClient extends PluginHttpClient {
  /** Every provider call gets a deadline, so a hung provider fails into a retry instead of a stuck job. */
  fetch(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Response> {
    const { timeoutMs = DEFAULT_TIMEOUT_MS, ...rest } = init;
    return fetch(url, { ...rest, signal: rest.signal ?? AbortSignal.timeout(timeoutMs) });
  }
}

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
    { provide: PluginHttpClient, useClass: FetchHttpClient },
    { provide: PluginClock, useClass: SystemClock },
    { provide: PluginLoggerFactory, useClass: NestPluginLoggerFactory },
    { provide: PluginFileStore, useClass: StoredFiles },
  ],
  exports: [FileStorage, PluginHttpClient, PluginClock, PluginLoggerFactory, PluginFileStore],
})
export class PluginFacadesModule {}

import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { Attachment } from '../message/attachment.entity';

/** Where attachment bytes live. Local disk by default; an object store can implement the same four calls. */
export abstract class FileStorage {
  abstract put(key: string, data: Buffer): Promise<void>;
  abstract read(key: string): Promise<Buffer>;
  abstract stream(key: string): Readable;
  abstract remove(key: string): Promise<void>;

  /** The bytes of an attachment by id, whatever its workspace (for plugins sending it). */
  abstract readAttachment(id: string): Promise<Buffer>;
}

@Injectable()
export class LocalDiskStorage extends FileStorage {
  private readonly root: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly orm: MikroORM,
  ) {
    super();
    this.root = join(config.dataDir, 'attachments');
  }

  private path(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + '/')) throw new Error(`storage key escapes the storage root: ${key}`);
    return path;
  }

  async put(key: string, data: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
  }

  read(key: string): Promise<Buffer> {
    return readFile(this.path(key));
  }

  stream(key: string): Readable {
    return createReadStream(this.path(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async readAttachment(id: string): Promise<Buffer> {
    const attachment = await this.orm.em.fork().findOneOrFail(Attachment, id, { filters: false });
    return this.read(attachment.storageKey);
  }
}

/** `<workspace>/<yyyy-mm>/<attachment id>`: spreads files over folders and never reuses a name. */
export const storageKeyFor = (workspaceId: string, attachmentId: string): string => `${workspaceId}/${new Date().toISOString().slice(0, 7)}/${attachmentId}`;

import { Global, Module } from '@nestjs/common';
import { SqlWriter } from './sql-writer';

/** The SQL unit of work beside the ORM (hot write paths); global like the ORM itself. */
@Global()
@Module({
  providers: [SqlWriter],
  exports: [SqlWriter],
})
export class DatabaseModule {}

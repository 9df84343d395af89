import { Module } from '@nestjs/common';
import { ReportsService } from './reports.service';
import { ReportsController } from './reports.controller';

/** Reports. */
@Module({
  providers: [ReportsService],
  controllers: [ReportsController],
})
export class ReportModule {}

import { Module } from '@nestjs/common';
import { WorkspaceController } from './workspace.controller';

/** Workspace settings. */
@Module({
  controllers: [WorkspaceController],
})
export class WorkspaceModule {}

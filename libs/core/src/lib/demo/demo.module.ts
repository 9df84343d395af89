import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ChannelAccountModule } from '../channel-account/channel-account.module';
import { DemoSeeder } from './demo-seeder';

/** The demo workspace `serve --seed-demo` creates (development only). */
@Module({
  imports: [AuthModule, ChannelAccountModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}

import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LiveStream } from './live-stream';
import { PresenceService } from './presence.service';
import { RealtimeGateway } from './realtime.gateway';
import { EventsController } from './events.controller';

/** Live events for the dashboard: Socket.IO and SSE with replay, and presence. HTTP only. */
@Module({
  imports: [AuthModule],
  providers: [LiveStream, PresenceService, RealtimeGateway],
  controllers: [EventsController],
  exports: [LiveStream, PresenceService],
})
export class RealtimeModule {}

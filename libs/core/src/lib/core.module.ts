import { ListenerModule } from './listener/listener.module';
import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ormOptions } from './database/orm.config';
import { DatabaseModule } from './database/database.module';
import { RedisModule } from './redis/redis.module';
import { OutboxModule } from './outbox/outbox.module';
import { PluginFacadesModule } from './plugin-host/plugin-facades';
import { PluginHostModule } from './plugin-host/plugin-host.module';
import { HealthModule } from './health/health.module';
import { AttachmentModule } from './attachment/attachment.module';
import { ChannelAccountModule } from './channel-account/channel-account.module';
import { TimelineModule } from './timeline/timeline.module';
import { ContactModule } from './contact/contact.module';
import { MessageModule } from './message/message.module';
import { ConversationModule } from './conversation/conversation.module';
import { NoteModule } from './note/note.module';
import { BookingModule } from './booking/booking.module';
import { TemplateModule } from './template/template.module';
import { CampaignModule } from './campaign/campaign.module';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { AutonomyModule } from './autonomy/autonomy.module';
import { AssistantModule } from './assistant/assistant.module';
import { ReportModule } from './report/report.module';
import { WorkspaceModule } from './workspace/workspace.module';
import { IngestModule } from './ingest/ingest.module';
import { DeliveryModule } from './delivery/delivery.module';
import { AuthModule } from './auth/auth.module';
import { RealtimeModule } from './realtime/realtime.module';
import { DemoModule } from './demo/demo.module';

export interface CoreOptions {
  config: AppConfig;
  /** Plugin modules (e.g. `TwilioSmsPlugin.forRoot({})`); their @ChannelProvider classes are discovered. */
  plugins: DynamicModule[];
}

/** The feature modules every process has (their controllers are served only where there is HTTP). */
const FEATURES = [
  PluginHostModule,
  HealthModule,
  AttachmentModule,
  ChannelAccountModule,
  TimelineModule,
  ContactModule,
  MessageModule,
  ConversationModule,
  NoteModule,
  BookingModule,
  TemplateModule,
  CampaignModule,
  KnowledgeModule,
  AutonomyModule,
  AssistantModule,
  ReportModule,
  WorkspaceModule,
  IngestModule,
  DeliveryModule,
];

/**
 * Everything the api and the worker share: configuration, logging, the ORM, Redis, the outbox, the
 * plugins and the feature modules. Apps compose it with CoreHttpModule (serving the API) and
 * WorkersModule (consuming the queues).
 */
@Module({})
export class CoreModule {
  static forRoot(options: CoreOptions): DynamicModule {
    const { config } = options;
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            // Health probes and metric scrapes would drown the request log.
            autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
          },
        }),
        MikroOrmModule.forRoot({ ...ormOptions(config.databaseUrl), registerRequestContext: true }),
        DatabaseModule,
        RedisModule,
        OutboxModule.forRoot(),
        DiscoveryModule,
        PluginFacadesModule,
        ...options.plugins,
        ...FEATURES,
      ],
      exports: [PluginHostModule, ChannelAccountModule, HealthModule],
    };
  }
}

/** What only the API server has: sign-in and users, live events for the dashboard, the demo seeder, channel listeners. */
@Module({
  imports: [AuthModule, RealtimeModule, DemoModule, ListenerModule],
})
export class CoreHttpModule {}

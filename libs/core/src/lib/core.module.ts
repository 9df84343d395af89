import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ormOptions } from './database/orm.config';
import { AuthModule } from './auth/auth.module';
import { OutboxModule } from './outbox/outbox.module';
import { TimelineService } from './timeline/timeline.service';
import { TimelineController } from './timeline/timeline.controller';
import { PluginRegistry } from './plugin-host/plugin-registry';
import { PluginFacadesModule } from './plugin-host/plugin-facades';
import { AccountContextService } from './plugin-host/account-context.service';
import { AttachmentsController } from './attachment/attachments.controller';
import { FileDeletionService } from './attachment/file-deletion.service';
import { PublicMediaController } from './attachment/public-media.controller';
import { PublicMediaUrls } from './attachment/public-media-urls';
import { IngestService } from './ingest/ingest.service';
import { SqlWriter } from './ingest/sql-writer';
import { WebhooksController } from './ingest/webhooks.controller';
import { DeliveryService } from './delivery/delivery.service';
import { SendRateLimiter } from './delivery/send-rate-limiter';
import { DeliveryProcessor } from './delivery/delivery.processor';
import { MediaProcessor } from './delivery/media.processor';
import { DeadLettersController } from './delivery/dead-letters.controller';
import { SecretBox } from './plugin-host/secret-box';
import { PluginsController } from './plugin-host/plugins.controller';
import { ChannelAccountService } from './channel-account/channel-account.service';
import { ChannelAccountsController } from './channel-account/channel-accounts.controller';
import { ContactService } from './contact/contact.service';
import { ContactsController } from './contact/contacts.controller';
import { ConversationListQuery } from './conversation/conversation-list.query';
import { ConversationService } from './conversation/conversation.service';
import { ConversationsController } from './conversation/conversations.controller';
import { OutboundMessageService } from './message/outbound-message.service';
import { MessagesController } from './message/messages.controller';
import { NotesController } from './note/notes.controller';
import { BookingsController } from './booking/bookings.controller';
import { TemplatesController } from './template/templates.controller';
import { CampaignsController } from './campaign/campaigns.controller';
import { CampaignLaunchService } from './campaign/campaign-launch.service';
import { KnowledgeController } from './knowledge/knowledge.controller';
import { KnowledgeSearchService } from './knowledge/knowledge-search.service';
import { AutonomyController } from './autonomy/autonomy.controller';
import { DraftsController } from './autonomy/drafts.controller';
import { DraftService } from './autonomy/draft.service';
import { AssistantController } from './assistant/assistant.controller';
import { AssistantSettingsService } from './assistant/assistant-settings.service';
import { AssistantTurnService } from './assistant/assistant-turn.service';
import { FollowUpService } from './assistant/follow-up.service';
import { AssistantProcessor } from './assistant/assistant.processor';
import { ConversationLease } from './assistant/conversation-lease';
import { EscalationSlaService } from './conversation/escalation-sla.service';
import { KnowledgeGapRecorder } from './knowledge/knowledge-gap.recorder';
import { BookingService } from './booking/booking.service';
import { PluginConfigService } from './plugin-host/plugin-config';
import { ReportsController } from './report/reports.controller';
import { ReportsService } from './report/reports.service';
import { WorkspaceController } from './workspace/workspace.controller';
import { EventsController } from './realtime/events.controller';
import { LiveStream } from './realtime/live-stream';
import { PresenceService } from './realtime/presence.service';
import { RealtimeGateway } from './realtime/realtime.gateway';
import { HealthController } from './health/health.controller';
import { MetricsService } from './health/metrics.service';
import { RedisHealthIndicator } from './health/redis-health';
import { DemoSeeder } from './demo/demo-seeder';

export interface CoreOptions {
  config: AppConfig;
  /** Plugin modules (e.g. `TwilioSmsPlugin.forRoot({})`); their @ChannelProvider classes are discovered. */
  plugins: DynamicModule[];
  /** Consume the queues in this process. */
  workers: boolean;
  /** Serve HTTP (controllers); false for apps/worker. */
  http: boolean;
}

const API_CONTROLLERS = [
  WebhooksController,
  AttachmentsController,
  PublicMediaController,
  DeadLettersController,
  PluginsController,
  ChannelAccountsController,
  ContactsController,
  ConversationsController,
  MessagesController,
  NotesController,
  TimelineController,
  BookingsController,
  TemplatesController,
  CampaignsController,
  KnowledgeController,
  AutonomyController,
  AssistantController,
  DraftsController,
  ReportsController,
  WorkspaceController,
  EventsController,
  HealthController,
];

/** Everything the api and the worker share; the app decides which plugins and whether it serves HTTP. */
@Module({})
export class CoreModule {
  static forRoot(options: CoreOptions): DynamicModule {
    const { config } = options;
    const providers: Provider[] = [
      PluginRegistry,
      AccountContextService,
      SqlWriter,
      IngestService,
      DeliveryService,
      PublicMediaUrls,
      SendRateLimiter,
      ...(options.workers ? [DeliveryProcessor, MediaProcessor, AssistantProcessor, ConversationLease] : []),
      SecretBox,
      PluginConfigService,
      AssistantSettingsService,
      AssistantTurnService,
      FollowUpService,
      EscalationSlaService,
      DraftService,
      BookingService,
      KnowledgeGapRecorder,
      ReportsService,
      TimelineService,
      ChannelAccountService,
      ContactService,
      ConversationListQuery,
      ConversationService,
      OutboundMessageService,
      CampaignLaunchService,
      MetricsService,
      RedisHealthIndicator,
      KnowledgeSearchService,
      FileDeletionService,
      // The seeder hashes passwords with the auth module's service, so it lives where HTTP does.
      ...(options.http ? [DemoSeeder, LiveStream, PresenceService, RealtimeGateway] : []),
    ];
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
        MikroOrmModule.forRoot({ ...ormOptions(config.databaseUrl), registerRequestContext: options.http }),
        OutboxModule.forRoot({ workers: options.workers }),
        TerminusModule,
        DiscoveryModule,
        PluginFacadesModule,
        ...options.plugins,
        ...(options.http ? [AuthModule] : []),
      ],
      controllers: options.http ? API_CONTROLLERS : [],
      providers,
      exports: [PluginRegistry, ChannelAccountService, MetricsService],
    };
  }
}

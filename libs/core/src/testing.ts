// Core internals that integration tests drive or observe directly (never imported by apps or plugins).
export { OutboxRelay } from './lib/outbox/outbox-relay.service';
export { WorkReconciler } from './lib/outbox/work-reconciler.service';
export { EventBus } from './lib/realtime/event-bus';
export { PluginRegistry } from './lib/plugin-host/plugin-registry';
export { KnowledgeSearchService } from './lib/knowledge/knowledge-search.service';
export { FileStorage } from './lib/attachment/file-storage';
export { FileDeletionService } from './lib/attachment/file-deletion.service';
export { GuardedHttpClient } from './lib/plugin-host/outbound-guard';
export { IngestService } from './lib/ingest/ingest.service';

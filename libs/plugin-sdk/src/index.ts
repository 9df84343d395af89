export * from './lib/secret';
export * from './lib/channel-plugin';
export * from './lib/events';
export * from './lib/outbound';
export * from './lib/webhook';
export * from './lib/facades';
export * from './lib/config-schema';
export * from './lib/ai-provider';

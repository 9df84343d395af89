export * from './lib/secret';
export * from './lib/channel-plugin';

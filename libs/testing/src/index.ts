export * from './lib/test-database';
export * from './lib/test-app';
export * from './lib/redis-server';
export * from './lib/fixtures';
export * from './lib/doubles/twilio-api.double';
export * from './lib/doubles/meta-graph.double';
export * from './lib/conformance-host';
export * from './lib/wait-for';

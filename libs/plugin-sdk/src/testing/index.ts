export * from './conformance';
export * from './config-errors';

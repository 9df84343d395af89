export * from './conformance';
export * from './config-errors';
export * from './sample-files';

export { channelPluginGenerator, normalizeOptions, type NormalizedChannelPluginOptions } from './generators/channel-plugin/generator';
export type { ChannelPluginGeneratorSchema } from './generators/channel-plugin/schema';

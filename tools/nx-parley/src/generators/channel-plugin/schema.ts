/** Mirrors schema.json. */
export interface ChannelPluginGeneratorSchema {
  /** Plugin id, kebab-case: `acme-chat` → plugins/channel-acme-chat, @parley/channel-acme-chat. */
  name: string;
  channel: 'email' | 'sms' | 'whatsapp' | 'webchat' | 'voice';
  displayName?: string;
  /** Add the plugin to libs/enabled-plugins (default false). */
  enable?: boolean;
}

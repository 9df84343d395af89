import { Injectable, Module } from '@nestjs/common';
import { IsString } from 'class-validator';
import { ChannelProvider, PermanentSendError, Secret, type ChannelPlugin } from '@parley/plugin-sdk';
import { createTestApp as createBareApp } from '@parley/testing';
import { PluginRegistry } from '@parley/core/testing';
import { createTestApp, signupWorkspace, type TestApp } from './harness';

class EchoConfig {
  @IsString() endpoint: string;
  @Secret() @IsString() token: string;
}

const echo = (id: string) => {
  @ChannelProvider({ id })
  @Injectable()
  class EchoChannel implements ChannelPlugin<EchoConfig> {
    readonly id = id;
    readonly channel = 'webchat' as const;
    readonly displayName = `Echo ${id}`;
    readonly configClass = EchoConfig;
    readonly capabilities = {};
    verifyWebhook = () => false;
    parseWebhook = () => [];
    send = async () => {
      throw new PermanentSendError('echo never sends');
    };
  }
  return EchoChannel;
};

describe('plugin host', () => {
  it('refuses to start when two plugins share an id', async () => {
    @Module({ providers: [echo('echo')] })
    class First {}
    @Module({ providers: [echo('echo')] })
    class Second {}
    await expect(createBareApp({}, { plugins: [{ module: First }, { module: Second }] })).rejects.toThrow(/Two channel plugins share the id "echo"/);
  });

  describe('GET /api/v1/plugins', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('lists every enabled plugin with its config as JSON schema, secrets write-only', async () => {
      const { token } = await signupWorkspace(t, 'Plugins');
      const res = await t.request('GET', '/api/v1/plugins', { token });
      expect(res.body.items.map((p: { id: string }) => p.id).sort()).toEqual([
        'email',
        'openai',
        'rules',
        'twilio-sms',
        'twilio-voice',
        'webchat',
        'whatsapp-cloud',
      ]);
      const sms = res.body.items.find((p: { id: string }) => p.id === 'twilio-sms');
      expect(sms.configSchema.properties.authToken).toMatchObject({ type: 'string', writeOnly: true, format: 'password' });
      expect(sms.configSchema.properties.accountSid).toMatchObject({ type: 'string' });
      expect(sms.configSchema.properties.accountSid.writeOnly).toBeUndefined();
      const email = res.body.items.find((p: { id: string }) => p.id === 'email');
      expect(email.configSchema.properties.smtp.properties.password).toMatchObject({ writeOnly: true, format: 'password' });
      expect([...email.secretFields].sort()).toEqual(['imap.password', 'inboundSecret', 'smtp.password']);
      expect(email.configSchema.properties.imap.properties.password).toMatchObject({ writeOnly: true, format: 'password' });
    });
  });
});

describe('plugin registry before start-up', () => {
  it('refuses to be read before the app is initialised, instead of answering "no plugins"', () => {
    const registry = new PluginRegistry({ getProviders: () => [] } as never);
    expect(() => registry.listChannels()).toThrow(/before the application was initialised/);
    registry.onModuleInit();
    expect(registry.listChannels()).toEqual([]);
  });
});

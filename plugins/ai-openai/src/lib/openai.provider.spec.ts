import { Global, Module } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { AiProviderPlugin, PluginHttpClient, PluginLoggerFactory, type AssistantContext, type AssistantReport } from '@parley/plugin-sdk';
import { ChatCompletionsDouble } from '@parley/testing';
import { OpenAiConfig } from './openai.config';
import { OpenAiPlugin } from './openai.plugin';
import { OpenAiProvider } from './openai.provider';

jest.setTimeout(10_000);

/**
 * Jest runs specs in a VM context with its own `Error`, so the DOMException Node's fetch throws on abort
 * fails the client's `instanceof Error` check and a timeout would read as a plain connection error. Outside
 * Jest there is one realm; here fetch errors are re-thrown as this realm's Error (name, message and cause
 * kept) so the client sees what it sees in production. Installed before any client captures `fetch`.
 */
function bridgeFetchErrorsIntoThisRealm(): () => void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
    try {
      return await realFetch(...args);
    } catch (error) {
      if (error instanceof Error) throw error;
      const foreign = error as { name?: string; message?: string; cause?: unknown };
      throw Object.assign(new Error(foreign.message, { cause: foreign.cause }), { name: foreign.name });
    }
  }) as typeof fetch;
  return () => void (globalThis.fetch = realFetch);
}

const API_KEY = 'sk-test-0123456789abcdefSECRET';

const logged: string[] = [];
const loggers: PluginLoggerFactory = {
  forPlugin: () => {
    const record = (message: string) => void logged.push(message);
    return { log: record, warn: record, error: record, debug: record };
  },
};

/** The host's facade stands in as plain fetch here (the guard has its own tests in core). */
const http: PluginHttpClient = { fetch: (url, init) => globalThis.fetch(url, init) };

const context: AssistantContext = {
  workspaceId: 'ws-1',
  conversationId: 'conv-1',
  channel: 'sms',
  contact: { name: 'Dana Smith', metadata: {} },
  history: [
    { direction: 'inbound', author: 'contact', body: 'Hi, do you service boilers?', at: new Date('2025-01-01T10:00:00Z') },
    { direction: 'outbound', author: 'ai', body: 'Yes, we service all major brands.', at: new Date('2025-01-01T10:00:05Z') },
    { direction: 'inbound', author: 'contact', body: 'How much is a service?', at: new Date('2025-01-01T10:01:00Z') },
  ],
  latest: 'How much is a service?',
  knowledge: [
    { id: 'kb-1', title: 'Boiler servicing', body: 'A standard boiler service costs £89 including VAT.', score: 0.4 },
    { id: 'kb-2', title: 'Warranty', body: 'Every repair carries a 12 month warranty.', score: 0.2 },
  ],
};

const fullReport = {
  reply: 'A standard boiler service is £89 including VAT. Shall I book one?',
  intent: { name: 'booking', confidence: 0.82 },
  risk: { level: 'medium', reasons: ['quotes a price'] },
  escalate: { reason: 'Customer wants a same-day visit' },
  resolve: { resolved: false, confidence: 0.3 },
  actions: [{ type: 'book', jobType: 'boiler service', externalId: 'job-42' }],
  unanswered: false,
};

describe('OpenAiProvider', () => {
  const double = new ChatCompletionsDouble();
  let provider: OpenAiProvider;

  const config = (overrides: Partial<OpenAiConfig> = {}): OpenAiConfig =>
    Object.assign(new OpenAiConfig(), { baseUrl: double.url, apiKey: API_KEY, model: 'gpt-test', maxRetries: 0, timeoutMs: 5000 }, overrides);

  /** The shape of every failure: nothing to send, high risk, handed to a human. */
  const expectEscalated = (report: AssistantReport, cause: RegExp) => {
    expect(report).toEqual({
      intent: { name: 'other', confidence: 0 },
      risk: { level: 'high', reasons: [expect.any(String)] },
      escalate: { reason: expect.stringMatching(/^The AI provider failed: /) },
      actions: [],
    });
    expect(report.escalate?.reason).toMatch(cause);
  };

  let restoreFetch: () => void;

  beforeAll(async () => {
    restoreFetch = bridgeFetchErrorsIntoThisRealm();
    await double.start();
  });

  afterAll(async () => {
    await double.stop();
    restoreFetch();
  });

  beforeEach(() => {
    double.reset();
    logged.length = 0;
    provider = new OpenAiProvider(loggers, http);
  });

  it('describes itself', () => {
    expect(provider).toMatchObject({ id: 'openai', displayName: 'OpenAI-compatible', configClass: OpenAiConfig });
  });

  it('sends through the host’s HTTP client, never fetch of its own (the host refuses internal addresses)', async () => {
    const seen: string[] = [];
    const refusing: PluginHttpClient = {
      fetch: async (url) => {
        seen.push(url);
        throw new TypeError('refused by the host');
      },
    };
    const report = await new OpenAiProvider(loggers, refusing).respond(context, config());
    expect(seen).toEqual([`${double.url}/chat/completions`]);
    expect(double.requests).toHaveLength(0);
    expectEscalated(report, /could not connect/);
  });

  describe('the request', () => {
    it('carries the model, the bearer key, the temperature and the strict json_schema response format', async () => {
      await provider.respond(context, config({ temperature: 0.3 }));
      expect(double.requests).toHaveLength(1);
      const [{ body, authorization }] = double.requests;
      expect(authorization).toBe(`Bearer ${API_KEY}`);
      expect(body.model).toBe('gpt-test');
      expect(body.temperature).toBe(0.3);
      expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'assistant_report', strict: true } });
      expect(body.response_format.json_schema.schema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(body.response_format.json_schema.schema.required).toEqual(
        expect.arrayContaining(['reply', 'intent', 'risk', 'escalate', 'resolve', 'actions', 'unanswered']),
      );
    });

    it('sends instructions, numbered knowledge, the history by role, then the latest text once', async () => {
      await provider.respond(context, config({ systemPrompt: 'Sign off as the Acme team.' }));
      const messages: { role: string; content: string }[] = double.requests[0].body.messages;
      expect(messages.map((m) => m.role)).toEqual(['system', 'system', 'system', 'user', 'assistant', 'user']);
      const [instructions, business, knowledge] = messages;
      expect(instructions.content).toContain('ONLY from the knowledge snippets');
      expect(instructions.content).toContain('human_request');
      expect(instructions.content).toContain('Dana Smith');
      expect(business.content).toContain('Sign off as the Acme team.');
      expect(knowledge.content).toContain('[1] Boiler servicing\nA standard boiler service costs £89 including VAT.');
      expect(knowledge.content).toContain('[2] Warranty\nEvery repair carries a 12 month warranty.');
      expect(messages.slice(3).map((m) => m.content)).toEqual(['Hi, do you service boilers?', 'Yes, we service all major brands.', 'How much is a service?']);
    });

    it('says so when there is no knowledge, and leaves out temperature and Authorization when not configured', async () => {
      // The host's own key must not leak to a workspace's keyless server.
      const hostKey = process.env['OPENAI_API_KEY'];
      process.env['OPENAI_API_KEY'] = 'sk-host-environment-key';
      try {
        await provider.respond({ ...context, knowledge: [] }, config({ apiKey: undefined }));
      } finally {
        if (hostKey === undefined) delete process.env['OPENAI_API_KEY'];
        else process.env['OPENAI_API_KEY'] = hostKey;
      }
      const [{ body, authorization }] = double.requests;
      expect(authorization).toBeUndefined();
      expect(body).not.toHaveProperty('temperature');
      expect(body.messages[1].content).toMatch(/none were found/);
    });

    it('uses a client per distinct key', async () => {
      await provider.respond(context, config());
      await provider.respond(context, config({ apiKey: 'sk-other-key-0000' }));
      expect(double.requests.map((r) => r.authorization)).toEqual([`Bearer ${API_KEY}`, 'Bearer sk-other-key-0000']);
    });
  });

  describe('a valid report', () => {
    it('is returned as-is, with the token usage', async () => {
      double.reply(fullReport, { prompt_tokens: 321, completion_tokens: 54 });
      const report = await provider.respond(context, config());
      expect(report).toEqual({ ...fullReport, usage: { promptTokens: 321, completionTokens: 54 } });
    });

    it('drops the nulls that strict mode uses for "not applicable"', async () => {
      double.reply({ ...fullReport, reply: null, escalate: null, resolve: null, actions: [{ type: 'book', jobType: 'repair', externalId: null }] });
      const report = await provider.respond(context, config());
      expect(report).toEqual({
        intent: fullReport.intent,
        risk: fullReport.risk,
        actions: [{ type: 'book', jobType: 'repair' }],
        unanswered: false,
        usage: { promptTokens: 120, completionTokens: 30 },
      });
    });
  });

  describe('on failure it escalates instead of guessing', () => {
    it('content that is not JSON', async () => {
      double.replyRaw('Sure! A service costs £89.');
      expectEscalated(await provider.respond(context, config()), /not JSON/);
    });

    it('JSON that breaks the schema, naming the problems', async () => {
      double.reply({ ...fullReport, intent: { name: 'banana', confidence: 7 } });
      const report = await provider.respond(context, config());
      expectEscalated(report, /intent\.name must be one of greeting, question/);
      expect(report.escalate?.reason).toMatch(/intent\.confidence must be between 0 and 1/);
    });

    it.each([
      ['a missing risk', { ...fullReport, risk: undefined }, /risk is required/],
      ['an unknown action', { ...fullReport, actions: [{ type: 'cancel', jobType: 'x' }] }, /actions\.type must be book/],
      ['a JSON array', [fullReport], /not a JSON object/],
    ])('%s', async (_name, body, cause) => {
      double.reply(body);
      expectEscalated(await provider.respond(context, config()), cause);
    });

    it('a completion without choices', async () => {
      double.replyEmpty();
      expectEscalated(await provider.respond(context, config()), /no choices/);
    });

    it('a 500 that outlasts the retries', async () => {
      double.fail(500, 2, { retryAfterMs: 10 });
      expectEscalated(await provider.respond(context, config({ maxRetries: 1 })), /HTTP 500/);
      expect(double.requests).toHaveLength(2);
    });

    it('a timeout', async () => {
      double.hang(3000);
      const started = Date.now();
      expectEscalated(await provider.respond(context, config({ timeoutMs: 1000, maxRetries: 0 })), /timed out after 1000 ms/);
      expect(Date.now() - started).toBeLessThan(2500);
      expect(double.requests).toHaveLength(1);
    });

    it('a server that is not there', async () => {
      const gone = await new ChatCompletionsDouble().start();
      const url = gone.url;
      await gone.stop();
      expectEscalated(await provider.respond(context, config({ baseUrl: url })), /could not connect/);
    });
  });

  it('retries a 500 and then uses the answer (maxRetries honoured)', async () => {
    double.fail(500, 2, { retryAfterMs: 10 });
    double.reply(fullReport);
    const report = await provider.respond(context, config({ maxRetries: 2 }));
    expect(report.reply).toBe(fullReport.reply);
    expect(double.requests).toHaveLength(3);
  });

  it.each([
    [401, /refused the credentials \(HTTP 401\)/],
    // The server's text is never quoted: a baseUrl may name any server, and this lands in the timeline.
    [400, /the server answered HTTP 400$/],
  ])('never puts the apiKey in the escalation or the log (HTTP %i echoing it)', async (status, cause) => {
    double.fail(status, 1, { message: `bad key ${API_KEY}` });
    const report = await provider.respond(context, config());
    expectEscalated(report, cause);
    expect(JSON.stringify(report)).not.toContain(API_KEY);
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).not.toContain(API_KEY);
  });
});

describe('OpenAiPlugin', () => {
  it('provides the provider through Nest DI, discoverable as the openai AI provider', async () => {
    @Global()
    @Module({
      providers: [
        { provide: PluginLoggerFactory, useValue: loggers },
        { provide: PluginHttpClient, useValue: http },
      ],
      exports: [PluginLoggerFactory, PluginHttpClient],
    })
    class FacadesModule {}

    const moduleRef = await Test.createTestingModule({ imports: [FacadesModule, DiscoveryModule, OpenAiPlugin.forRoot({})] }).compile();
    expect(moduleRef.get(OpenAiProvider)).toBeInstanceOf(OpenAiProvider);
    const found = moduleRef.get(DiscoveryService).getProviders({ metadataKey: AiProviderPlugin.KEY });
    expect(found.map((wrapper) => wrapper.instance)).toEqual([expect.any(OpenAiProvider)]);
    await moduleRef.close();
  });
});

import { Injectable } from '@nestjs/common';
import {
  AiProviderPlugin,
  PluginHttpClient,
  PluginLoggerFactory,
  type AiProvider,
  type AssistantContext,
  type AssistantReport,
  type PluginLogger,
} from '@parley/plugin-sdk';
import OpenAI from 'openai';
import { OPENAI_DEFAULT_MAX_RETRIES, OPENAI_DEFAULT_TIMEOUT_MS, OpenAiConfig } from './openai.config';
import { buildMessages } from './openai.prompt';
import { ASSISTANT_REPORT_SCHEMA, InvalidReportError, parseReport } from './openai.report';

/** Clients kept at once; one per distinct server/key/timeout/retries, so a handful in practice. */
const MAX_CACHED_CLIENTS = 32;
const MAX_CAUSE_LENGTH = 300;

/** Sent to servers that need no key: the client insists on one, and the header is then removed. */
const NO_KEY = 'no-key';

/**
 * An assistant backed by any OpenAI-compatible chat-completions server (OpenAI, Azure-compatible
 * proxies, Ollama, vLLM, LM Studio). The model must answer with a JSON report matching a strict schema;
 * anything else, and any transport failure, becomes an escalation rather than a guess.
 */
@AiProviderPlugin({ id: 'openai' })
@Injectable()
export class OpenAiProvider implements AiProvider<OpenAiConfig> {
  readonly id = 'openai' as const;
  readonly displayName = 'OpenAI-compatible';
  readonly configClass = OpenAiConfig;
  private readonly logger: PluginLogger;
  private readonly clients = new Map<string, OpenAI>();

  constructor(
    loggers: PluginLoggerFactory,
    private readonly http: PluginHttpClient,
  ) {
    this.logger = loggers.forPlugin('openai');
  }

  async respond(context: AssistantContext, config: OpenAiConfig): Promise<AssistantReport> {
    const timeoutMs = config?.timeoutMs ?? OPENAI_DEFAULT_TIMEOUT_MS;
    try {
      const completion = await this.clientFor(config).chat.completions.create({
        model: config.model,
        messages: buildMessages(context, config.systemPrompt),
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'assistant_report', strict: true, schema: ASSISTANT_REPORT_SCHEMA },
        },
        ...(typeof config.temperature === 'number' ? { temperature: config.temperature } : {}),
      });
      const choice = completion.choices?.[0];
      if (!choice) throw new InvalidReportError('the reply had no choices');
      if (choice.message?.refusal) throw new InvalidReportError('the model refused to answer');
      const report = await parseReport(choice.message?.content);
      const usage = completion.usage;
      if (usage) report.usage = { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens };
      return report;
    } catch (error) {
      const cause = redact(causeOf(error, timeoutMs), config?.apiKey);
      // The full text only in the server's log: the timeline gets the short cause.
      const detail = error instanceof Error && error.message ? redact(error.message, config?.apiKey) : '';
      this.logger.warn(`conversation ${context.conversationId}: ${cause}${detail && detail !== cause ? ` (${detail})` : ''}`);
      return failureReport(cause);
    }
  }

  /** One client per distinct connection setting, so connections are reused across turns and workspaces. */
  private clientFor(config: OpenAiConfig): OpenAI {
    const timeout = config.timeoutMs ?? OPENAI_DEFAULT_TIMEOUT_MS;
    const maxRetries = config.maxRetries ?? OPENAI_DEFAULT_MAX_RETRIES;
    const key = JSON.stringify([config.baseUrl, config.apiKey ?? null, timeout, maxRetries]);
    let client = this.clients.get(key);
    if (!client) {
      if (this.clients.size >= MAX_CACHED_CLIENTS) this.clients.delete(this.clients.keys().next().value as string);
      client = new OpenAI({
        baseURL: config.baseUrl,
        apiKey: config.apiKey || NO_KEY,
        timeout,
        maxRetries,
        // Explicit nulls: the client would otherwise read OPENAI_* variables of the host's environment
        // and send them to whatever server a workspace configured.
        organization: null,
        project: null,
        adminAPIKey: null,
        webhookSecret: null,
        defaultHeaders: config.apiKey ? undefined : { Authorization: null },
        // Failures are reported (redacted) by this provider; the client's own logging stays quiet.
        logLevel: 'off',
        // The host's HTTP client: `baseUrl` is a workspace's choice, so internal addresses are refused unless
        // OUTBOUND_ALLOWED_HOSTS lists them (a self-hosted model server).
        fetch: (input, init) => this.http.fetch(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, init as RequestInit),
      });
      this.clients.set(key, client);
    }
    return client;
  }
}

/** The report for a turn the provider could not produce: nothing to send, a human takes over. */
function failureReport(cause: string): AssistantReport {
  return {
    intent: { name: 'other', confidence: 0 },
    risk: { level: 'high', reasons: ['The AI provider failed'] },
    escalate: { reason: `The AI provider failed: ${cause}` },
    actions: [],
  };
}

/** A short, operator-readable cause. Server messages of auth failures are left out: some echo the key. */
function causeOf(error: unknown, timeoutMs: number): string {
  if (error instanceof InvalidReportError) return error.message;
  if (error instanceof OpenAI.APIConnectionTimeoutError) return `the request timed out after ${timeoutMs} ms`;
  if (error instanceof OpenAI.APIConnectionError) return `could not connect to the server${networkCode(error)}`;
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    if (error.status === 401 || error.status === 403) return `the server refused the credentials (HTTP ${error.status})`;
    // The server's own text stays out: `baseUrl` may name any server, and this cause lands in the timeline.
    return `the server answered HTTP ${error.status}`;
  }
  return 'unknown error';
}

/** `ECONNREFUSED` and the like, from the fetch error the client wraps. */
function networkCode(error: Error): string {
  let cause: unknown = error.cause;
  for (let depth = 0; cause && depth < 3; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return ` (${code})`;
    cause = (cause as { cause?: unknown }).cause;
  }
  return '';
}

/** Keeps the cause short and free of the key, however it got there. */
function redact(cause: string, apiKey: string | undefined): string {
  let text = cause;
  if (apiKey) text = text.split(apiKey).join('[redacted]');
  text = text.replace(/\bsk-[A-Za-z0-9_*-]{4,}/g, '[redacted]');
  return text.length > MAX_CAUSE_LENGTH ? `${text.slice(0, MAX_CAUSE_LENGTH - 1)}…` : text;
}

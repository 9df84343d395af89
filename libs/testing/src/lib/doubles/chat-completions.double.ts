import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the double received it. */
export interface ChatCompletionsRequest {
  /** The parsed JSON body (model, messages, response_format, …). */
  body: any;
  /** The raw Authorization header, e.g. `Bearer sk-…`; undefined when none was sent. */
  authorization: string | undefined;
}

export interface ChatCompletionsUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

type Behaviour =
  | { kind: 'content'; content: string; usage: ChatCompletionsUsage }
  | { kind: 'empty' }
  | { kind: 'fail'; status: number; message: string; retryAfterMs?: number; times: number }
  | { kind: 'hang'; ms: number };

const COMPLETIONS = '/v1/chat/completions';

/** What answers when nothing is queued: a valid, low-risk report for the host's AssistantReport. */
export const CHAT_COMPLETIONS_DEFAULT_REPORT = {
  reply: 'default reply',
  intent: { name: 'question', confidence: 0.9 },
  risk: { level: 'low', reasons: [] },
  escalate: null,
  resolve: null,
  actions: [],
  unanswered: false,
};

const DEFAULT_USAGE: ChatCompletionsUsage = { prompt_tokens: 120, completion_tokens: 30 };

/**
 * A local stand-in for an OpenAI-compatible chat-completions server, for tests: point an `openai`
 * assistant's `baseUrl` at `url`. Speaks just enough of it:
 * - `POST /v1/chat/completions` (JSON) → a `chat.completion` whose `choices[0].message.content` is what
 *   was queued, or CHAT_COMPLETIONS_DEFAULT_REPORT as JSON; every request's body and Authorization
 *   header is recorded in `requests` (any key is accepted).
 * Behaviours are queued and used once each, oldest first: `reply`, `replyRaw`, `replyEmpty`, `fail`
 * (OpenAI's error shape `{error: {message, type, code}}`) and `hang` (wait, then answer as if nothing
 * were queued, so a client that gave up sees its timeout).
 */
export class ChatCompletionsDouble {
  /** Requests to the completions endpoint, oldest first (including ones made to fail or hang). */
  readonly requests: ChatCompletionsRequest[] = [];
  private readonly queue: Behaviour[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private server?: Server;
  private baseUrl?: string;

  /** `http://127.0.0.1:<port>/v1`, once started: what the client takes as its base URL. */
  get url(): string {
    if (!this.baseUrl) throw new Error('ChatCompletionsDouble is not started');
    return `${this.baseUrl}/v1`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next request is answered with `report` as the message content (JSON), and `usage`. */
  reply(report: object, usage: ChatCompletionsUsage = DEFAULT_USAGE): void {
    this.queue.push({ kind: 'content', content: JSON.stringify(report), usage });
  }

  /** The next request is answered with `content` verbatim, e.g. text that is not JSON. */
  replyRaw(content: string, usage: ChatCompletionsUsage = DEFAULT_USAGE): void {
    this.queue.push({ kind: 'content', content, usage });
  }

  /** The next request is answered 200 with no choices at all. */
  replyEmpty(): void {
    this.queue.push({ kind: 'empty' });
  }

  /**
   * The next `times` requests answer `status` with an OpenAI-style error body. `retryAfterMs` is sent
   * as the `retry-after-ms` header, which the openai client honours (keeps retry tests fast).
   */
  fail(status: number, times = 1, options: { message?: string; retryAfterMs?: number } = {}): void {
    const message = options.message ?? `The double failed with HTTP ${status}`;
    this.queue.push({ kind: 'fail', status, message, retryAfterMs: options.retryAfterMs, times });
  }

  /** The next request waits `ms` before it is answered with the default report. */
  hang(ms: number): void {
    this.queue.push({ kind: 'hang', ms });
  }

  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://double').pathname;
    const raw = await readBody(req);
    if (path !== COMPLETIONS || req.method !== 'POST') return error(res, 404, `Unknown request URL: ${req.method} ${path}`);
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      return error(res, 400, 'The request body is not valid JSON');
    }
    this.requests.push({ body, authorization: req.headers.authorization });

    const behaviour = this.next();
    if (behaviour.kind === 'hang') {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!res.destroyed) completion(res, body.model, JSON.stringify(CHAT_COMPLETIONS_DEFAULT_REPORT), DEFAULT_USAGE);
      }, behaviour.ms);
      this.timers.add(timer);
      return;
    }
    if (behaviour.kind === 'fail') {
      const headers: Record<string, string> = behaviour.retryAfterMs === undefined ? {} : { 'retry-after-ms': String(behaviour.retryAfterMs) };
      return error(res, behaviour.status, behaviour.message, headers);
    }
    if (behaviour.kind === 'empty') return completion(res, body.model, null, DEFAULT_USAGE);
    return completion(res, body.model, behaviour.content, behaviour.usage);
  }

  /** The oldest queued behaviour (a failure stays queued until its `times` are used), or the default. */
  private next(): Behaviour {
    const head = this.queue[0];
    if (!head) return { kind: 'content', content: JSON.stringify(CHAT_COMPLETIONS_DEFAULT_REPORT), usage: DEFAULT_USAGE };
    if (head.kind !== 'fail' || --head.times <= 0) this.queue.shift();
    return head;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A `chat.completion` object; `content: null` means no choices at all. */
function completion(res: ServerResponse, model: unknown, content: string | null, usage: ChatCompletionsUsage): void {
  json(res, 200, {
    id: 'chatcmpl-' + randomBytes(12).toString('hex'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: typeof model === 'string' ? model : 'unknown',
    choices: content === null ? [] : [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** OpenAI's error shape. */
function error(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const type = status >= 500 ? 'server_error' : status === 429 ? 'rate_limit_error' : 'invalid_request_error';
  json(res, status, { error: { message, type, code: status === 429 ? 'rate_limit_exceeded' : null } }, headers);
}

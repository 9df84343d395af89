/// <reference types="jest" />
import type { DeliveryStatus } from '@parley/contracts';
import type { ChannelAccountContext, ChannelPlugin } from '../lib/channel-plugin';
import type { OutboundMessage } from '../lib/outbound';
import { PermanentSendError, RetryableSendError } from '../lib/outbound';
import { SAMPLE_FILES, type SampleFile } from './sample-files';

/** A webhook as a provider would send it. */
export interface WebhookCall {
  method?: string;
  subPath?: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

export interface ConformanceAccount {
  id: string;
  webhookUrl: string;
}

/**
 * The running host the kit drives: the real app on real PostgreSQL and Redis. `@parley/testing`'s
 * `createConformanceHost()` implements it, so this kit never depends on core.
 */
export interface ConformanceHost {
  /** `POST /api/v1/channel-accounts` in the host's workspace; the raw response. */
  createAccount(config: Record<string, unknown>): Promise<{ status: number; body: any }>;
  /** GET one account and the list, as the admin sees them. */
  readAccount(id: string): Promise<{ one: unknown; list: unknown }>;
  countAccounts(): Promise<number>;
  webhook(accountId: string, call: WebhookCall): Promise<{ status: number; body: string }>;
  countMessages(accountId: string): Promise<number>;
  /** Stores an outbound message as `sent` with this provider id, as the send job would. */
  seedSentMessage(accountId: string, providerMessageId: string): Promise<void>;
  deliveryStatus(accountId: string, providerMessageId: string): Promise<DeliveryStatus | null>;
  /**
   * Uploads `file` (`POST /api/v1/attachments`) and sends it as an operator's reply in the conversation of the
   * account's latest inbound message, through the host's real delivery path; resolves once it left `queued`.
   */
  sendAttachment(accountId: string, file: SampleFile): Promise<{ deliveryStatus: DeliveryStatus; error: { code: string | null; message: string } | null }>;
}

export interface ChannelConformanceSuite<TConfig extends object> {
  pluginId: string;
  /** Available from beforeAll on; the suite's file builds it (app, doubles). */
  host: () => ConformanceHost;
  /** The plugin instance and an account context for direct `send` checks. */
  plugin: () => ChannelPlugin<TConfig>;
  validConfig: () => Record<string, unknown>;
  /** Config values that must never come back from the API. */
  secretValues: string[];
  invalidConfigs: { name: string; config: Record<string, unknown>; field: string }[];
  /** A correctly signed inbound message. */
  inbound: (account: ConformanceAccount, providerMessageId: string) => WebhookCall;
  /** The same message signed with the wrong secret. */
  forged: (account: ConformanceAccount, providerMessageId: string) => WebhookCall;
  /** Header(s) that carry the signature, removed for the "missing signature" check. */
  signatureHeaders: string[];
  /** Every status the provider reports, signed, and what Parley must make of it. */
  statuses: { providerStatus: string; expected: DeliveryStatus; call: (account: ConformanceAccount, providerMessageId: string) => WebhookCall }[];
  /** Provider failures arranged on the double, and how `send` must classify them. */
  sendErrors: { name: string; arrange: () => void | Promise<void>; expect: 'retryable' | 'permanent'; code?: string }[];
  sampleOutbound: () => OutboundMessage;
  /** A valid file of a declared attachment type the kit has no sample of (see SAMPLE_FILES). */
  sampleFile?: (contentType: string) => SampleFile | undefined;
  accountContext: (account: ConformanceAccount) => ChannelAccountContext<TConfig>;
}

/**
 * The checks every channel plugin passes (ARCHITECTURE.md "conformance kit"): config validated,
 * secrets never echoed, bad or missing signatures rejected with nothing stored, replays ignored, every
 * provider status mapped, send errors classified, every declared attachment type sent.
 */
export function describeChannelConformance<TConfig extends object>(suite: ChannelConformanceSuite<TConfig>): void {
  describe(`${suite.pluginId} conformance`, () => {
    let account: ConformanceAccount;
    let counter = 0;
    const nextId = () => `conformance-${Date.now().toString(36)}-${++counter}`;

    beforeAll(async () => {
      const res = await suite.host().createAccount(suite.validConfig());
      if (res.status !== 201) throw new Error(`valid config refused: ${res.status} ${JSON.stringify(res.body)}`);
      account = { id: res.body.id, webhookUrl: res.body.webhookUrl };
    });

    it('accepts a valid config and names the field of each invalid one, storing nothing', async () => {
      const before = await suite.host().countAccounts();
      for (const invalid of suite.invalidConfigs) {
        const res = await suite.host().createAccount(invalid.config);
        expect({ name: invalid.name, status: res.status }).toEqual({ name: invalid.name, status: 400 });
        const fields = (res.body.details ?? []).map((d: { field: string }) => d.field);
        expect({ name: invalid.name, fields }).toEqual({ name: invalid.name, fields: expect.arrayContaining([`config.${invalid.field}`]) });
      }
      expect(await suite.host().countAccounts()).toBe(before);
    });

    it('never echoes a secret', async () => {
      const { one, list } = await suite.host().readAccount(account.id);
      const text = JSON.stringify([one, list]);
      for (const secret of suite.secretValues) expect(text).not.toContain(secret);
    });

    it('accepts a correctly signed inbound message and stores it once', async () => {
      const before = await suite.host().countMessages(account.id);
      const res = await suite.host().webhook(account.id, suite.inbound(account, nextId()));
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(300);
      expect(await suite.host().countMessages(account.id)).toBe(before + 1);
    });

    it('rejects a missing signature with 401 and stores nothing', async () => {
      const before = await suite.host().countMessages(account.id);
      const call = suite.inbound(account, nextId());
      const headers = Object.fromEntries(Object.entries(call.headers).filter(([k]) => !suite.signatureHeaders.includes(k.toLowerCase())));
      expect((await suite.host().webhook(account.id, { ...call, headers })).status).toBe(401);
      expect(await suite.host().countMessages(account.id)).toBe(before);
    });

    it('rejects a forged signature with 401 and stores nothing', async () => {
      const before = await suite.host().countMessages(account.id);
      expect((await suite.host().webhook(account.id, suite.forged(account, nextId()))).status).toBe(401);
      expect(await suite.host().countMessages(account.id)).toBe(before);
    });

    it('ignores replays, sequential and concurrent: one message per provider id', async () => {
      const before = await suite.host().countMessages(account.id);
      const call = suite.inbound(account, nextId());
      const statuses = await Promise.all(Array.from({ length: 5 }, () => suite.host().webhook(account.id, call)));
      statuses.push(await suite.host().webhook(account.id, call));
      for (const s of statuses) expect(s.status).toBeLessThan(300);
      expect(await suite.host().countMessages(account.id)).toBe(before + 1);
    });

    it('maps every provider status', async () => {
      for (const status of suite.statuses) {
        const providerMessageId = nextId();
        await suite.host().seedSentMessage(account.id, providerMessageId);
        const res = await suite.host().webhook(account.id, status.call(account, providerMessageId));
        expect({ status: status.providerStatus, http: res.status < 300 }).toEqual({ status: status.providerStatus, http: true });
        // A status never moves backwards, so `queued` leaves a sent message `sent`.
        const expected = status.expected === 'queued' ? 'sent' : status.expected;
        expect({ status: status.providerStatus, now: await suite.host().deliveryStatus(account.id, providerMessageId) }).toEqual({
          status: status.providerStatus,
          now: expected,
        });
      }
    });

    it('classifies send errors as retryable or permanent', async () => {
      for (const error of suite.sendErrors) {
        await error.arrange();
        const outcome = await suite
          .plugin()
          .send(suite.sampleOutbound(), suite.accountContext(account))
          .then(
            () => ({ name: error.name, kind: 'sent', code: undefined as string | undefined }),
            (err: unknown) => ({
              name: error.name,
              kind: err instanceof RetryableSendError ? 'retryable' : err instanceof PermanentSendError ? 'permanent' : `unclassified: ${String(err)}`,
              code: (err as { code?: string }).code,
            }),
          );
        expect(outcome).toEqual({ name: error.name, kind: error.expect, code: error.code ?? outcome.code });
      }
    });

    it('sends every attachment type it declares in capabilities, through the host', async () => {
      const types = suite.plugin().capabilities.attachments?.mimeTypes ?? [];
      if (!types.length) return;
      // An inbound message first: it opens the conversation (and any messaging window) the replies go to.
      const inbound = await suite.host().webhook(account.id, suite.inbound(account, nextId()));
      expect(inbound.status).toBeLessThan(300);
      for (const contentType of types) {
        const file = suite.sampleFile?.(contentType) ?? SAMPLE_FILES[contentType];
        expect({ contentType, sample: file !== undefined }).toEqual({ contentType, sample: true });
        const outcome = await suite.host().sendAttachment(account.id, file as SampleFile);
        expect({ contentType, ...outcome }).toEqual({ contentType, deliveryStatus: 'sent', error: null });
      }
    }, 120_000);
  });
}

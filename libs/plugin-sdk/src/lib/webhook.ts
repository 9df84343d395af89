/** A webhook exactly as it arrived: the plugin verifies signatures over `rawBody`, never a re-serialisation. */
export interface RawWebhookRequest {
  method: string;
  /** Path and query as received, e.g. `/webhooks/twilio-sms/<id>?x=1`. */
  url: string;
  /** What follows `/webhooks/:pluginId/:channelAccountId`, e.g. `/status` (empty when nothing). */
  subPath: string;
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

/** What the core answers the provider with (TwiML, a challenge echo, plain 200). */
export interface WebhookResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer | Record<string, unknown>;
}

export function headerValue(req: Pick<RawWebhookRequest, 'headers'>, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** `application/x-www-form-urlencoded` body as a flat record (last value wins), for form-posting providers. */
export function formFields(rawBody: Buffer): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')).entries());
}

import type { ChannelKind, DeliveryStatus } from '@parley/contracts';

export interface Recipient {
  name: string;
  phone?: string;
  email?: string;
}

/**
 * One recipient a line, `Name, +15551234567` (or an email address on email channels); a line with only an
 * address is named after it. Returns the recipients and the lines it could not read (1-based).
 */
export function parseRecipients(text: string, channel: ChannelKind | undefined): { recipients: Recipient[]; bad: number[] } {
  const recipients: Recipient[] = [];
  const bad: number[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const parts = line.split(/[,;\t]/).map((p) => p.trim());
    const address = parts.length > 1 ? parts[parts.length - 1] : parts[0];
    const name = parts.length > 1 ? parts.slice(0, -1).join(' ').trim() || address : address;
    if (channel === 'email') {
      if (/^[^\s@]+@[^\s@]+$/.test(address)) recipients.push({ name, email: address });
      else bad.push(i + 1);
    } else if (/^\+?[0-9 ()-]{5,20}$/.test(address)) {
      recipients.push({ name, phone: address.replace(/[\s()-]/g, '') });
    } else {
      bad.push(i + 1);
    }
  });
  return { recipients, bad };
}

export type ProgressBucket = 'queued' | 'sent' | 'failed';

/** queued (still in Parley), sent (accepted by the provider, delivered or read), failed (failed or bounced). */
export function bucketOf(status: DeliveryStatus | null | undefined): ProgressBucket {
  if (status === 'failed' || status === 'bounced') return 'failed';
  if (status === 'sent' || status === 'delivered' || status === 'read') return 'sent';
  return 'queued';
}

export function progressCounts(statuses: readonly (DeliveryStatus | null | undefined)[]): Record<ProgressBucket, number> {
  const counts: Record<ProgressBucket, number> = { queued: 0, sent: 0, failed: 0 };
  for (const s of statuses) counts[bucketOf(s)]++;
  return counts;
}

export const SKIP_REASONS: Record<string, string> = {
  opted_out: 'opted out on this channel',
  no_address: 'no address on this channel',
};

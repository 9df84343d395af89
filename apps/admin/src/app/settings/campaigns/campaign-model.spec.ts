import { bucketOf, parseRecipients, progressCounts } from './campaign-model';

describe('campaign model', () => {
  it('reads one recipient a line, naming a bare address after itself, and names the lines it cannot read', () => {
    expect(parseRecipients('Jordan Lee, +1 (555) 123-4567\n\n+15557654321\nno number here', 'sms')).toEqual({
      recipients: [
        { name: 'Jordan Lee', phone: '+15551234567' },
        { name: '+15557654321', phone: '+15557654321' },
      ],
      bad: [4],
    });
    expect(parseRecipients('Priya; priya@example.test\nSam, +1555', 'email')).toEqual({
      recipients: [{ name: 'Priya', email: 'priya@example.test' }],
      bad: [2],
    });
  });

  it('counts sends as queued, sent (or delivered, read) and failed (or bounced)', () => {
    expect(bucketOf(undefined)).toBe('queued');
    expect(progressCounts(['queued', 'sent', 'delivered', 'read', 'failed', 'bounced', null])).toEqual({ queued: 2, sent: 3, failed: 2 });
  });
});

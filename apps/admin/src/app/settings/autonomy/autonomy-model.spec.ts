import type { AutonomyPolicyView, AutonomyPreview } from '@parley/contracts';
import { addIntent, previewMatrix, previewSentence, samePolicy, withOverride } from './autonomy-model';

const policy: AutonomyPolicyView = { level: 'controlled', channelOverrides: {}, autoReplyIntents: ['greeting'], highRiskIntents: ['pricing'] };

describe('autonomy model', () => {
  it('adds an intent once, snake-cased', () => {
    expect(addIntent(['greeting'], ' Human request ')).toEqual(['greeting', 'human_request']);
    expect(addIntent(['greeting'], 'greeting')).toEqual(['greeting']);
    expect(addIntent(['greeting'], '  ')).toEqual(['greeting']);
  });

  it('sets and clears a channel override', () => {
    const over = withOverride(policy, 'a1', 'assisted');
    expect(over.channelOverrides).toEqual({ a1: 'assisted' });
    expect(withOverride(over, 'a1', null).channelOverrides).toEqual({});
    expect(policy.channelOverrides).toEqual({});
  });

  it('compares policies whatever the order of intents', () => {
    expect(samePolicy(policy, { ...policy, autoReplyIntents: ['greeting'] })).toBe(true);
    expect(samePolicy(policy, { ...policy, level: 'full' })).toBe(false);
    expect(samePolicy({ ...policy, highRiskIntents: ['a', 'b'] }, { ...policy, highRiskIntents: ['b', 'a'] })).toBe(true);
  });

  it("lays the server's rows out per intent and risk, and says them in words", () => {
    const preview: AutonomyPreview = {
      channelAccounts: [{ id: 'sms', name: 'Acme SMS', channel: 'sms', level: 'controlled', overridden: false }],
      intents: ['pricing'],
      rows: (['low', 'medium', 'high'] as const).map((r) => ({
        channelAccountId: 'sms',
        intent: 'pricing',
        reportedRisk: r,
        risk: 'high',
        delivery: 'draft',
        reason: 'high risk under controlled',
      })),
    };
    const [row] = previewMatrix(preview, 'sms');
    expect(row.intent).toBe('pricing');
    expect(row.cells.map((c) => c.reportedRisk)).toEqual(['low', 'medium', 'high']);
    expect(previewSentence(row.cells[1], 'Acme SMS')).toBe('A pricing message on Acme SMS (medium risk) → held as a draft');
  });
});

import type { AssistantReport } from '@parley/plugin-sdk';
import { decide, type AutonomyPolicyInput, type TurnSituation } from './autonomy-decision';

const policy = (level: AutonomyPolicyInput['level'], extra: Partial<AutonomyPolicyInput> = {}): AutonomyPolicyInput => ({
  level,
  channelOverrides: {},
  autoReplyIntents: ['greeting', 'question', 'booking', 'confirmation', 'pricing'],
  highRiskIntents: ['pricing', 'complaint'],
  ...extra,
});
const situation = (
  extra: { conversation?: Partial<TurnSituation['conversation']>; contact?: Partial<TurnSituation['contact']>; inboundWasAutoReply?: boolean } = {},
): TurnSituation => ({
  conversation: { status: 'ai_handling', assistantState: 'active', channelAccountId: 'acc-1', ...extra.conversation },
  contact: { aiPaused: false, optedOut: false, blocked: false, ...extra.contact },
  inboundWasAutoReply: extra.inboundWasAutoReply ?? false,
});
const report = (intent: string, risk: AssistantReport['risk']['level'], extra: Partial<AssistantReport> = {}): AssistantReport => ({
  reply: 'Our office opens at 8am.',
  intent: { name: intent, confidence: 0.9 },
  risk: { level: risk, reasons: [] },
  ...extra,
});

describe('autonomy decision table', () => {
  it.each([
    ['full', 'question', 'low', 'send', 'send: low risk under full autonomy'],
    ['full', 'pricing', 'high', 'send', 'send: high risk under full autonomy'],
    ['full', 'complaint', 'high', 'draft', 'draft: the intent is not an auto-reply intent under full'],
    ['controlled', 'question', 'low', 'send', 'send: low risk under controlled'],
    ['controlled', 'booking', 'medium', 'draft', 'draft: medium risk under controlled'],
    ['controlled', 'pricing', 'high', 'draft', 'draft: high risk under controlled'],
    ['controlled', 'other', 'low', 'draft', 'draft: the intent is not an auto-reply intent under controlled'],
    ['assisted', 'question', 'low', 'draft', 'draft: every reply is approved under assisted'],
    ['assisted', 'pricing', 'high', 'draft', 'draft: every reply is approved under assisted'],
  ] as const)('%s + %s (%s risk) → %s', (level, intent, risk, delivery, reason) => {
    expect(decide(policy(level), situation(), report(intent, risk))).toEqual({ kind: 'reply', delivery, reply: 'Our office opens at 8am.', risk, reason });
  });

  it('treats a high-risk intent as high risk even when the provider said low', () => {
    expect(decide(policy('controlled'), situation(), report('pricing', 'low'))).toMatchObject({
      delivery: 'draft',
      risk: 'high',
      reason: 'draft: high risk under controlled',
    });
  });

  it('applies the channel account override before the workspace level', () => {
    const p = policy('full', { channelOverrides: { 'acc-1': 'assisted' } });
    expect(decide(p, situation(), report('question', 'low'))).toMatchObject({ delivery: 'draft' });
    expect(decide(p, situation({ conversation: { channelAccountId: 'acc-2' } }), report('question', 'low'))).toMatchObject({ delivery: 'send' });
  });

  it.each([
    [{ conversation: { assistantState: 'paused' as const } }, 'silent: the assistant is paused on this conversation'],
    [{ conversation: { assistantState: 'blocked' as const } }, 'silent: the user is blocked from the assistant'],
    [{ conversation: { status: 'human_handling' as const } }, 'silent: a human is handling this conversation'],
    [{ conversation: { status: 'resolved' as const } }, 'silent: the conversation is resolved'],
    [{ conversation: { status: 'opted_out' as const } }, 'silent: the contact opted out'],
    [{ contact: { optedOut: true } }, 'silent: the contact opted out'],
    [{ contact: { blocked: true } }, 'silent: the contact is blocked'],
    [{ contact: { aiPaused: true } }, 'silent: AI is paused for this contact'],
    [{ inboundWasAutoReply: true }, 'silent: the inbound message was an auto-reply'],
  ])('stays silent: %j', (extra, reason) => {
    const escalating = report('human_request', 'low', { escalate: { reason: 'asked for a human' } });
    expect(decide(policy('full'), situation(extra), report('question', 'low'))).toEqual({ kind: 'silent', reason });
    expect(decide(policy('full'), situation(extra), escalating).kind).toBe('silent');
  });

  it('escalates with the reason, the hand-off message following the same send/draft rule', () => {
    const r = report('human_request', 'low', { reply: 'A colleague will reply shortly.', escalate: { reason: 'Customer asked for a human' } });
    expect(decide(policy('full', { autoReplyIntents: ['human_request'] }), situation(), r)).toEqual({
      kind: 'escalate',
      escalationReason: 'Customer asked for a human',
      reply: { delivery: 'send', text: 'A colleague will reply shortly.' },
      reason: 'escalate: Customer asked for a human',
    });
    expect(decide(policy('assisted'), situation(), r)).toMatchObject({ kind: 'escalate', reply: { delivery: 'draft' } });
  });

  it('resolves when the customer confirms, before replying', () => {
    const r = report('confirmation', 'low', { reply: 'Glad I could help!', resolve: { resolved: true, confidence: 0.9 } });
    expect(decide(policy('controlled'), situation(), r)).toEqual({
      kind: 'resolve',
      reply: { delivery: 'send', text: 'Glad I could help!' },
      reason: 'resolve: the customer confirmed the matter is settled',
    });
    expect(decide(policy('controlled'), situation(), { ...r, resolve: { resolved: false, confidence: 0.2 } })).toMatchObject({ kind: 'reply' });
  });

  it('is silent when the provider proposes nothing', () => {
    expect(decide(policy('full'), situation(), report('opt_out', 'low', { reply: undefined }))).toEqual({
      kind: 'silent',
      reason: 'silent: the provider proposed no reply',
    });
  });
});

import { effectiveAssistantState } from './conversation.view';

describe('effectiveAssistantState', () => {
  const contact = { aiPaused: false, blocked: false, optedOut: false };
  it.each([
    ['an AI-handled conversation', { status: 'ai_handling', assistantState: 'active' }, contact, 'active'],
    ['an escalated one (a human handles it)', { status: 'human_handling', assistantState: 'active' }, contact, 'paused'],
    ['an opted-out one', { status: 'opted_out', assistantState: 'active' }, contact, 'blocked'],
    ['a resolved one (the next inbound opens a new conversation)', { status: 'resolved', assistantState: 'active' }, contact, 'active'],
    ["the operator's pause, whatever the status", { status: 'ai_handling', assistantState: 'paused' }, contact, 'paused'],
    ["the operator's block over an escalation", { status: 'human_handling', assistantState: 'blocked' }, contact, 'blocked'],
    ['a contact with AI paused', { status: 'ai_handling', assistantState: 'active' }, { ...contact, aiPaused: true }, 'paused'],
    ['a blocked contact', { status: 'ai_handling', assistantState: 'active' }, { ...contact, blocked: true }, 'blocked'],
    ['a contact opted out of the channel', { status: 'ai_handling', assistantState: 'active' }, { ...contact, optedOut: true }, 'blocked'],
  ] as const)('%s', (_, conversation, who, expected) => {
    expect(effectiveAssistantState(conversation, who)).toBe(expected);
  });
});

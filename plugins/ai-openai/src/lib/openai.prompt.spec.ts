import type { AssistantContext, AssistantMessage } from '@parley/plugin-sdk';
import { buildMessages } from './openai.prompt';

const at = new Date('2025-01-01T10:00:00Z');
const inbound = (body: string): AssistantMessage => ({ direction: 'inbound', author: 'contact', body, at });
const outbound = (body: string): AssistantMessage => ({ direction: 'outbound', author: 'operator', body, at });

const context = (history: AssistantMessage[], latest: string): AssistantContext => ({
  workspaceId: 'ws-1',
  conversationId: 'conv-1',
  channel: 'webchat',
  contact: { name: null, metadata: {} },
  history,
  latest,
  knowledge: [],
});

/** The conversation part of the messages: everything after the system messages. */
const conversation = (ctx: AssistantContext) =>
  buildMessages(ctx)
    .filter((m) => m.role !== 'system')
    .map((m) => `${m.role}: ${m.content}`);

describe('buildMessages', () => {
  it('sends a burst the host joined into latest once, after the earlier history', () => {
    const ctx = context([inbound('Hello'), outbound('Hi, how can I help?'), inbound('Is it'), inbound('open Sunday?')], 'Is it\nopen Sunday?');
    expect(conversation(ctx)).toEqual(['user: Hello', 'assistant: Hi, how can I help?', 'user: Is it\nopen Sunday?']);
  });

  it('keeps history that latest does not repeat', () => {
    const ctx = context([inbound('Hello'), outbound('Hi!')], 'Do you work weekends?');
    expect(conversation(ctx)).toEqual(['user: Hello', 'assistant: Hi!', 'user: Do you work weekends?']);
  });

  it('leaves out the business instructions when there are none', () => {
    const systems = buildMessages(context([], 'Hi'), '   ').filter((m) => m.role === 'system');
    expect(systems).toHaveLength(2);
    expect(systems[0].content).toContain('Customer name: unknown');
  });
});

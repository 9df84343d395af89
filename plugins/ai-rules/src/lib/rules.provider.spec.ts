import type { AssistantContext, KnowledgeSnippet } from '@parley/plugin-sdk';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RulesConfig } from './rules.config';
import { RULES_REPLIES, RulesProvider, excerptFor } from './rules.provider';

const provider = new RulesProvider();

const boilerArticle: KnowledgeSnippet = {
  id: 'kb-1',
  title: 'Boiler servicing',
  body:
    'We service all major boiler brands. A standard boiler service costs £89 including VAT. ' +
    'Our engineers cover Leeds, York and Harrogate. Appointments are available Monday to Saturday. ' +
    'Servicing takes about an hour.',
  score: 0.4,
};
const warrantyArticle: KnowledgeSnippet = {
  id: 'kb-2',
  title: 'Warranty',
  body: 'Every repair carries a 12 month warranty. The warranty covers parts and labour.',
  score: 0.2,
};

function ctx(latest: string, knowledge: KnowledgeSnippet[] = [], contactName: string | null = null): AssistantContext {
  return {
    workspaceId: 'ws-1',
    conversationId: 'conv-1',
    channel: 'webchat',
    contact: { name: contactName, metadata: {} },
    history: [{ direction: 'inbound', author: 'contact', body: latest, at: new Date('2025-01-01T10:00:00Z') }],
    latest,
    knowledge,
  };
}

const defaults = plainToInstance(RulesConfig, {});

describe('RulesConfig', () => {
  function errorsOf(plain: Record<string, unknown>): Record<string, string[]> {
    const errors = validateSync(plainToInstance(RulesConfig, plain), { whitelist: true, forbidNonWhitelisted: true });
    return Object.fromEntries(errors.map((e) => [e.property, Object.keys(e.constraints ?? {})]));
  }

  it('has defaults', () => {
    expect(defaults.minRelevance).toBe(0.05);
    expect(defaults.escalateOnFrustration).toBe(true);
    expect(defaults.persona).toBeUndefined();
  });

  it.each([
    [{}, {}],
    [{ minRelevance: 0.2, escalateOnFrustration: false, persona: "Acme's assistant" }, {}],
    [{ minRelevance: 1.5 }, { minRelevance: ['max'] }],
    [{ minRelevance: -0.1 }, { minRelevance: ['min'] }],
    [{ minRelevance: 'high' }, { minRelevance: ['max', 'min', 'isNumber'] }],
    [{ escalateOnFrustration: 'yes' }, { escalateOnFrustration: ['isBoolean'] }],
    [{ persona: 'x'.repeat(201) }, { persona: ['maxLength'] }],
    [{ persona: 42 }, { persona: ['maxLength', 'isString'] }],
  ])('%j -> %j', (plain, expected) => {
    expect(errorsOf(plain)).toEqual(expected);
  });
});

describe('RulesProvider', () => {
  it('describes itself', () => {
    expect(provider.id).toBe('rules');
    expect(provider.displayName).toBe('Built-in rules');
    expect(provider.configClass).toBe(RulesConfig);
  });

  it.each(['I want to talk to a person', 'Can I speak to a human?', 'Please get me a real person'])('%j escalates as a human request', async (text) => {
    const report = await provider.respond(ctx(text, [boilerArticle]), defaults);
    expect(report.intent.name).toBe('human_request');
    expect(report.escalate).toEqual({ reason: 'Customer asked for a human' });
    expect(report.reply).toBe(RULES_REPLIES.human);
    expect(report.resolve).toBeUndefined();
  });

  it.each([
    ['This is ridiculous, nobody has called me back!!', true],
    ['WHY IS NOBODY ANSWERING', true],
  ])('%j escalates as frustrated', async (text) => {
    const report = await provider.respond(ctx(text, [boilerArticle]), defaults);
    expect(report.escalate?.reason).toMatch(/^Customer appears frustrated \(.+\)$/);
    expect(report.escalate?.reason).toContain('nobody');
    expect(report.reply).toBe(RULES_REPLIES.frustrated);
  });

  it('does not escalate frustration when disabled', async () => {
    const report = await provider.respond(
      ctx('Ridiculous, still no boiler service booked!!', [boilerArticle]),
      plainToInstance(RulesConfig, { escalateOnFrustration: false }),
    );
    expect(report.escalate).toBeUndefined();
    expect(report.reply).toContain('boiler service');
  });

  it.each(['Stop texting me', 'UNSUBSCRIBE', 'STOP TEXTING ME!!! this is ridiculous'])('%j opts out with no reply', async (text) => {
    const report = await provider.respond(ctx(text, [boilerArticle]), defaults);
    expect(report.intent.name).toBe('opt_out');
    expect(report.reply).toBeUndefined();
    expect(report.escalate).toBeUndefined();
    expect(report.risk).toEqual({ level: 'low', reasons: [] });
  });

  it.each(['thanks, that helps', 'All sorted, cheers', 'Perfect, thank you'])('%j resolves', async (text) => {
    const report = await provider.respond(ctx(text), defaults);
    expect(report.intent.name).toBe('confirmation');
    expect(report.resolve).toEqual({ resolved: true, confidence: 0.9 });
    expect(report.reply).toMatch(/^Glad I could help!/);
    expect(report.escalate).toBeUndefined();
  });

  it('does not resolve "thanks, one more question"', async () => {
    const report = await provider.respond(ctx('thanks, one more question'), defaults);
    expect(report.resolve).toBeUndefined();
    expect(report.escalate).toBeUndefined();
    expect(report.reply).toBe(RULES_REPLIES.welcome);
  });

  it.each([
    ['Hi', null, undefined, 'Hi! What can I help you with today?'],
    ['Hello there', 'Sam Jones', undefined, 'Hi Sam! What can I help you with today?'],
    ['Good morning', null, "Acme's assistant", "Hi! I'm Acme's assistant. What can I help you with today?"],
  ])('greets %j (contact %j, persona %j)', async (text, name, persona, reply) => {
    const report = await provider.respond(ctx(text, [], name), plainToInstance(RulesConfig, { persona }));
    expect(report.intent.name).toBe('greeting');
    expect(report.reply).toBe(reply);
    expect(report.escalate).toBeUndefined();
    expect(report.unanswered).toBeUndefined();
  });

  it('answers a question by quoting the relevant article', async () => {
    const report = await provider.respond(ctx('Do your engineers cover York?', [boilerArticle, warrantyArticle]), defaults);
    expect(report.intent.name).toBe('question');
    expect(report.reply).toBe('Our engineers cover Leeds, York and Harrogate.');
    expect(report.escalate).toBeUndefined();
    expect(report.unanswered).toBeUndefined();
    expect(report.risk.level).toBe('low');
    expect(report.actions).toEqual([]);
  });

  it('uses the best-scoring snippet', async () => {
    const report = await provider.respond(ctx('Is the warranty on parts?', [boilerArticle, { ...warrantyArticle, score: 0.9 }]), defaults);
    expect(report.reply).toBe('Every repair carries a 12 month warranty. The warranty covers parts and labour.');
  });

  it('answers a pricing question but flags it high risk', async () => {
    const report = await provider.respond(ctx('How much does a boiler service cost?', [boilerArticle]), defaults);
    expect(report.intent.name).toBe('pricing');
    expect(report.reply).toContain('£89');
    expect(report.risk).toEqual({ level: 'high', reasons: ['pricing question'] });
    expect(report.escalate).toBeUndefined();
  });

  it('answers a booking question from the article with no actions', async () => {
    const report = await provider.respond(ctx('Can I book an appointment on Saturday?', [boilerArticle]), defaults);
    expect(report.intent.name).toBe('booking');
    expect(report.reply).toContain('Appointments are available Monday to Saturday.');
    expect(report.risk.level).toBe('medium');
    expect(report.actions).toEqual([]);
  });

  it.each([
    ['no snippets', []],
    ['a snippet below minRelevance', [{ ...boilerArticle, score: 0.01 }]],
  ])('escalates as out of scope with %s', async (_label, knowledge) => {
    const report = await provider.respond(ctx('Do you fix swimming pools?', knowledge), defaults);
    expect(report.unanswered).toBe(true);
    expect(report.escalate).toEqual({ reason: 'Out of scope: no knowledge-base article answers this' });
    expect(report.reply).toBe(RULES_REPLIES.outOfScope);
  });

  it('honours a configured minRelevance', async () => {
    const strict = plainToInstance(RulesConfig, { minRelevance: 0.5 });
    expect((await provider.respond(ctx('Do you cover York?', [boilerArticle]), strict)).unanswered).toBe(true);
    expect((await provider.respond(ctx('Do you cover York?', [boilerArticle]), defaults)).unanswered).toBeUndefined();
  });

  it('scales confidence with the article score', async () => {
    const high = await provider.respond(ctx('Do you cover York?', [{ ...boilerArticle, score: 0.9 }]), defaults);
    const low = await provider.respond(ctx('Do you cover York?', [{ ...boilerArticle, score: 0.06 }]), defaults);
    expect(high.intent.confidence).toBeGreaterThan(low.intent.confidence);
  });

  it('is deterministic', async () => {
    const a = await provider.respond(ctx('How much is a service?', [boilerArticle, warrantyArticle]), defaults);
    const b = await provider.respond(ctx('How much is a service?', [boilerArticle, warrantyArticle]), defaults);
    expect(a).toEqual(b);
  });

  it('works with a plain config object lacking defaults', async () => {
    const report = await provider.respond(ctx('Do you cover York?', [boilerArticle]), {} as RulesConfig);
    expect(report.reply).toBe('Our engineers cover Leeds, York and Harrogate.');
  });
});

describe('excerptFor', () => {
  it.each([
    ['Do you cover York?', 'Our engineers cover Leeds, York and Harrogate.'],
    ['what brands and how long does servicing take', 'We service all major boiler brands. Servicing takes about an hour.'],
    ['zzz', 'We service all major boiler brands. A standard boiler service costs £89 including VAT. Our engineers cover Leeds, York and Harrogate.'],
  ])('%j -> %j', (question, expected) => {
    expect(excerptFor(question, boilerArticle.body)).toBe(expected);
  });

  it('keeps to 400 characters', () => {
    const body = `${'word '.repeat(150)}end.`;
    const excerpt = excerptFor('word', body);
    expect(excerpt.length).toBeLessThanOrEqual(400);
    expect(excerpt.endsWith('…')).toBe(true);
  });
});

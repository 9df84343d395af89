import { Injectable } from '@nestjs/common';
import { AiProviderPlugin, type AiProvider, type AssistantContext, type AssistantReport, type KnowledgeSnippet } from '@parley/plugin-sdk';
import { classifyIntent, frustration, isResolution, riskOf } from './rules.classifier';
import { RULES_DEFAULT_MIN_RELEVANCE, RulesConfig } from './rules.config';

export const RULES_REPLIES = {
  human: "Of course — I'm passing you to a colleague who will reply here shortly.",
  frustrated: "I'm really sorry about this — I'm passing your conversation to a colleague who will pick it up here shortly.",
  resolved: 'Glad I could help! If anything else comes up, just message us here.',
  welcome: "You're welcome! Is there anything else I can help you with?",
  outOfScope: "I'm not sure about that one — a colleague will follow up with you here shortly.",
} as const;

const EXCERPT_MAX_CHARS = 400;
const EXCERPT_MAX_SENTENCES = 3;

const STOPWORDS = new Set(
  (
    'the a an and or but if of to in on at for with by from up about into over after is are was were be been being ' +
    'do does did have has had i me my we our you your it its this that these those there here what when where why who ' +
    'which how can could would should will may might must shall not no yes so than then too very just also any some ' +
    'all get got please thanks thank hi hello hey am im dont cant'
  ).split(' '),
);

/** Content words, lower-case, lightly stemmed (plural -s dropped). */
function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text
    .toLowerCase()
    .replace(/['\u2019]/g, '')
    .match(/[a-z0-9]+/g) ?? []) {
    if (raw.length < 3 || STOPWORDS.has(raw)) continue;
    out.add(raw.length > 3 && raw.endsWith('s') && !raw.endsWith('ss') ? raw.slice(0, -1) : raw);
  }
  return out;
}

function sentencesOf(body: string): string[] {
  return body
    .split(/\n+|(?<=[.!?])\s+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0);
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}

/** Joins sentences in order while they fit in the character budget (the first one always, truncated if needed). */
function fit(sentences: string[]): string {
  let out = '';
  for (const sentence of sentences.slice(0, EXCERPT_MAX_SENTENCES)) {
    const next = out ? `${out} ${sentence}` : sentence;
    if (next.length > EXCERPT_MAX_CHARS) {
      if (!out) out = truncate(sentence, EXCERPT_MAX_CHARS);
      break;
    }
    out = next;
  }
  return out;
}

/**
 * The article sentences sharing the most words with the question (up to 3 sentences / 400 characters, in
 * the article's order); the start of the body when no sentence shares a word.
 */
export function excerptFor(question: string, body: string): string {
  const sentences = sentencesOf(body);
  if (sentences.length === 0) return '';
  const asked = contentWords(question);
  const scored = sentences.map((sentence, index) => {
    let overlap = 0;
    for (const w of contentWords(sentence)) if (asked.has(w)) overlap++;
    return { sentence, index, overlap };
  });
  const relevant = scored.filter((s) => s.overlap > 0).sort((a, b) => b.overlap - a.overlap || a.index - b.index);
  if (relevant.length === 0) return fit(sentences);
  const chosen: typeof relevant = [];
  let length = 0;
  for (const candidate of relevant) {
    if (chosen.length >= EXCERPT_MAX_SENTENCES) break;
    const extra = candidate.sentence.length + (chosen.length ? 1 : 0);
    if (chosen.length > 0 && length + extra > EXCERPT_MAX_CHARS) continue;
    chosen.push(candidate);
    length += extra;
  }
  chosen.sort((a, b) => a.index - b.index);
  return chosen.length === 1 ? truncate(chosen[0].sentence, EXCERPT_MAX_CHARS) : chosen.map((c) => c.sentence).join(' ');
}

/** Highest-scoring snippet; ties keep the host's order. */
function bestSnippet(knowledge: KnowledgeSnippet[]): KnowledgeSnippet | undefined {
  let best: KnowledgeSnippet | undefined;
  for (const snippet of knowledge ?? []) {
    if (Number.isFinite(snippet.score) && (!best || snippet.score > best.score)) best = snippet;
  }
  return best;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * The built-in, deterministic assistant: keyword rules for intent, risk, frustration and resolution, and
 * answers quoted from the best knowledge-base article. Same input, same report.
 */
@AiProviderPlugin({ id: 'rules' })
@Injectable()
export class RulesProvider implements AiProvider<RulesConfig> {
  readonly id = 'rules' as const;
  readonly displayName = 'Built-in rules';
  readonly configClass = RulesConfig;

  async respond(context: AssistantContext, config: RulesConfig): Promise<AssistantReport> {
    const latest = context.latest ?? '';
    const minRelevance = config?.minRelevance ?? RULES_DEFAULT_MIN_RELEVANCE;
    const escalateOnFrustration = config?.escalateOnFrustration ?? true;
    const intent = classifyIntent(latest);
    const risk = riskOf(intent.name, latest);
    const base = { intent: { name: intent.name, confidence: intent.confidence }, risk, actions: [] };

    if (intent.name === 'human_request') {
      return { ...base, reply: RULES_REPLIES.human, escalate: { reason: 'Customer asked for a human' } };
    }
    // Consent comes first: an opt-out is never answered, even an angry one; the host records it.
    if (intent.name === 'opt_out') {
      return { ...base, risk: { level: 'low', reasons: [] } };
    }
    const mood = frustration(latest);
    if (escalateOnFrustration && mood.frustrated) {
      return {
        ...base,
        reply: RULES_REPLIES.frustrated,
        escalate: { reason: `Customer appears frustrated (${mood.signals.join(', ')})` },
      };
    }
    if (intent.name === 'confirmation') {
      if (isResolution(latest)) return { ...base, reply: RULES_REPLIES.resolved, resolve: { resolved: true, confidence: 0.9 } };
      return { ...base, reply: RULES_REPLIES.welcome };
    }
    if (intent.name === 'greeting') {
      return { ...base, reply: this.greeting(context, config?.persona) };
    }

    const best = bestSnippet(context.knowledge);
    if (!best || best.score < minRelevance) {
      return {
        ...base,
        intent: { name: intent.name, confidence: round2(intent.confidence * 0.5) },
        reply: RULES_REPLIES.outOfScope,
        escalate: { reason: 'Out of scope: no knowledge-base article answers this' },
        unanswered: true,
      };
    }
    const excerpt = excerptFor(latest, best.body) || best.title;
    const relevance = Math.min(1, Math.max(0, best.score));
    return {
      ...base,
      intent: { name: intent.name, confidence: round2(intent.confidence * (0.6 + 0.4 * relevance)) },
      reply: excerpt,
    };
  }

  private greeting(context: AssistantContext, persona: string | undefined): string {
    const name = context.contact?.name?.trim().split(/\s+/)[0];
    const hello = name ? `Hi ${name}!` : 'Hi!';
    const who = persona?.trim() ? ` I'm ${persona.trim()}.` : '';
    return `${hello}${who} What can I help you with today?`;
  }
}

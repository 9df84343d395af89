import type { Intent, RiskLevel } from '@parley/contracts';

/** Pure, deterministic text rules used by the built-in provider. No I/O. */

export interface IntentResult {
  name: Intent;
  confidence: number;
}

export interface FrustrationResult {
  frustrated: boolean;
  signals: string[];
}

export interface RiskResult {
  level: RiskLevel;
  reasons: string[];
}

/** Lower-case, straight apostrophes, collapsed whitespace. */
function normalize(text: string): string {
  return (text ?? '')
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

function words(normalized: string): string[] {
  return normalized.match(/[a-z0-9$']+/g) ?? [];
}

const NEGATION = /\b(don't|dont|do not|doesn't|does not|no need|not|never|no|without)\b/;

/** True when the words just before `index`, in the same clause, negate what follows. */
function negatedAt(text: string, index: number): boolean {
  const before = text.slice(0, index);
  const clause = before.split(/[.,;:!?]|\bbut\b|\bjust\b/).pop() ?? '';
  const lastWords = clause.trim().split(' ').slice(-4).join(' ');
  return NEGATION.test(lastWords);
}

/** Number of patterns matching `text`; with `checkNegation`, a match preceded by a negation does not count. */
function countHits(patterns: RegExp[], text: string, checkNegation = false): number {
  let hits = 0;
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match && !(checkNegation && negatedAt(text, match.index))) hits++;
  }
  return hits;
}

const HUMAN_PREFIX = '(?:a |an |some |the |your |one of your )?(?:real |actual |live |human )?';
const HUMAN_ROLE = '(?:person|human|agent|representative|rep|manager|supervisor|operator|staff member|colleague)';
const HUMAN_REQUEST = [
  new RegExp(`\\b(?:talk|speak|chat|get through)\\s+(?:to|with)\\s+${HUMAN_PREFIX}(?:${HUMAN_ROLE}|someone|somebody|people)\\b`),
  new RegExp(`\\b(?:want|need|get|give|put|connect|transfer|pass)\\s+(?:me\\s+)?(?:to\\s+|with\\s+|through to\\s+)?${HUMAN_PREFIX}${HUMAN_ROLE}\\b`),
  /\breal (?:person|human)\b/,
  /\b(?:a|an) human\b/,
  /\bhuman (?:being|agent)\b/,
  /\blive (?:agent|person|chat)\b/,
  /\brepresentative\b/,
  /\b(?:call|ring|phone) me\b/,
];

const OPT_OUT = [
  /\bstop (?:texting|messaging|emailing|contacting|calling|sending|spamming)\b/,
  /\bunsubscribe\b/,
  /\bopt(?:-| )?out\b/,
  /\b(?:don't|dont|do not|never) (?:contact|text|message|email|call|msg) (?:me|us)\b/,
  /\bremove me from\b/,
  /\btake me off\b/,
  /\bleave me alone\b/,
  /^stop[.! ]*$/,
];

const COMPLAINT = [
  /\bterrible\b/,
  /\bawful\b/,
  /\bhorrible\b/,
  /\bunacceptable\b/,
  /\bcomplain(?:t|ts|ing|ed)?\b/,
  /\brefund(?:s|ed)?\b/,
  /\bworst\b/,
  /\bstill (?:broken|not (?:working|fixed|done|here|resolved)|waiting|leaking|doesn't work|isn't working)\b/,
  /\b(?:nobody|no one|no-one) (?:called|came|showed|turned up|responded|replied|answered|got back|fixed)\b/,
  /\bdisappointed\b/,
  /\bridiculous\b/,
  /\brip(?:-| )?off\b/,
  /\bnot happy\b/,
  /\bpoor (?:service|work|job)\b/,
  /\bdamaged?\b/,
];

const CONFIRMATION = [
  /\bthanks\b/,
  /\bthank you\b/,
  /\bthank u\b/,
  /\bthx\b/,
  /\bty\b/,
  /\bcheers\b/,
  /\bthat (?:helps|helped)\b/,
  /\ball sorted\b/,
  /\bsorted\b/,
  /\bperfect\b/,
  /\bthat'?s all\b/,
  /\bthat'?s everything\b/,
  /\bproblem solved\b/,
  /\b(?:all|that'?s) good\b/,
  /\bgot it\b/,
  /\bmuch appreciated\b/,
  /\bworks now\b/,
];

const GREETING_START = /^(?:hi|hello|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening|day)|morning|afternoon|evening|yo)\b/;
/** Words that may accompany a greeting without making it substantive. */
const GREETING_FILLER = new Set([
  'hi',
  'hello',
  'hey',
  'hiya',
  'howdy',
  'greetings',
  'good',
  'morning',
  'afternoon',
  'evening',
  'day',
  'yo',
  'there',
  'team',
  'all',
  'folks',
  'everyone',
  'guys',
  'how',
  'are',
  'you',
  "how's",
  'it',
  'going',
  'doing',
  'today',
  'again',
]);

const PRICING = [
  /\bprices?\b/,
  /\bpricing\b/,
  /\bpriced\b/,
  /\bcosts?\b/,
  /\bcosting\b/,
  /\bhow much\b/,
  /\bquotes?\b/,
  /\bquotation\b/,
  /\brates?\b/,
  /\bfees?\b/,
  /\$/,
  /\bcharges?\b/,
  /\bexpensive\b/,
  /\bcheap(?:er|est)?\b/,
];

const BOOKING = [
  /\bbook(?:ing|ed)?\b/,
  /\bappointments?\b/,
  /\b(?:re)?schedul(?:e|ed|ing)\b/,
  /\bavailab(?:le|ility)\b/,
  /\btomorrow\b/,
  /\bcome (?:out|round|over|by)\b/,
  /\bvisit\b/,
  /\bslots?\b/,
  /\bnext (?:week|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/,
];

const QUESTION_START = /^(?:what|what's|whats|when|where|why|who|which|how|do|does|did|can|could|would|will|is|are|should|may)\b/;

const round2 = (n: number): number => Math.round(n * 100) / 100;
const scaled = (base: number, hits: number, cap: number): number => round2(Math.min(cap, base + 0.1 * (hits - 1)));

/** Substantive words of a short message once greeting words and fillers are removed. */
function nonGreetingWords(normalized: string): string[] {
  return words(normalized).filter((w) => !GREETING_FILLER.has(w));
}

/**
 * Classifies the customer's text into one of the INTENTS. Precedence:
 * human_request > opt_out > complaint > confirmation/greeting (short) > pricing > booking > question > other.
 */
export function classifyIntent(text: string): IntentResult {
  const t = normalize(text);
  if (!t) return { name: 'other', confidence: 0.2 };
  const wordCount = words(t).length;
  const hasQuestionMark = t.includes('?');

  const human = countHits(HUMAN_REQUEST, t, true);
  if (human > 0) return { name: 'human_request', confidence: scaled(0.85, human, 0.98) };

  const optOut = countHits(OPT_OUT, t);
  if (optOut > 0) return { name: 'opt_out', confidence: scaled(0.9, optOut, 0.98) };

  const complaint = countHits(COMPLAINT, t);
  if (complaint > 0) return { name: 'complaint', confidence: scaled(0.7, complaint, 0.95) };

  const pricing = countHits(PRICING, t);
  const booking = countHits(BOOKING, t);
  const short = wordCount <= 8 && !hasQuestionMark && pricing === 0 && booking === 0;

  const confirmation = countHits(CONFIRMATION, t);
  if (short && confirmation > 0) return { name: 'confirmation', confidence: scaled(0.8, confirmation, 0.95) };

  // "Hey team, how are you?" is still only a greeting: a question mark is allowed when nothing else is said.
  const greetingOnly = wordCount <= 8 && pricing === 0 && booking === 0 && nonGreetingWords(t).length <= 1;
  if (greetingOnly && GREETING_START.test(t)) return { name: 'greeting', confidence: 0.9 };

  if (pricing > 0) return { name: 'pricing', confidence: scaled(0.75, pricing, 0.95) };
  if (booking > 0) return { name: 'booking', confidence: scaled(0.7, booking, 0.9) };

  const questionStart = QUESTION_START.test(t);
  if (hasQuestionMark || questionStart) return { name: 'question', confidence: hasQuestionMark && questionStart ? 0.75 : 0.6 };

  return { name: 'other', confidence: 0.3 };
}

const FRUSTRATION_LEXICON: Array<[string, RegExp]> = [
  ['ridiculous', /\bridiculous\b/],
  ['unacceptable', /\bunacceptable\b/],
  ['angry', /\bangry\b/],
  ['furious', /\bfurious\b/],
  ['useless', /\buseless\b/],
  ['worst', /\bworst\b/],
  ['terrible', /\bterrible\b/],
  ['awful', /\bawful\b/],
  ['pathetic', /\bpathetic\b/],
  ['hopeless', /\bhopeless\b/],
  ['joke', /\b(?:a|a complete|a total) joke\b/],
  ['fed up', /\bfed up\b/],
  ['sick of', /\bsick (?:and tired )?of\b/],
  ['frustrated', /\bfrustrat(?:ed|ing)\b/],
  ['annoyed', /\bannoy(?:ed|ing)\b/],
  ['waste of time', /\bwaste of (?:my )?time\b/],
  ['how many times', /\bhow many times\b/],
  ['again', /\bagain\b/],
  ['still', /\bstill\b/],
  ['nobody', /\b(?:nobody|no one|no-one)\b/],
  ['never', /\bnever\b/],
  ['wtf', /\bwtf\b/],
];

/** All-caps words that are acronyms rather than shouting. */
const ACRONYMS = new Set(['HVAC', 'ASAP', 'HTML', 'HTTP', 'HTTPS', 'NASA', 'IKEA', 'GDPR', 'USPS', 'SKU']);

function isShouting(text: string): boolean {
  const capsWord = (text.match(/\b[A-Z]{4,}\b/g) ?? []).some((w) => !ACRONYMS.has(w));
  if (capsWord) return true;
  const letters = text.match(/[A-Za-z]/g) ?? [];
  if (letters.length < 12) return false;
  const upper = letters.filter((c) => c >= 'A' && c <= 'Z').length;
  return upper / letters.length >= 0.5;
}

/**
 * Frustration signals: lexicon hits, shouting (a 4+ letter word in ALL CAPS, or at least half the letters
 * upper-case in a text of 12+ letters) and exclamation runs. Frustrated with at least two signals.
 */
export function frustration(text: string): FrustrationResult {
  const raw = (text ?? '').replace(/[\u2018\u2019\u02bc`]/g, "'");
  const t = normalize(raw);
  const signals: string[] = [];
  for (const [name, pattern] of FRUSTRATION_LEXICON) if (pattern.test(t)) signals.push(name);
  const lexiconHits = signals.length;
  const shouting = isShouting(raw);
  if (shouting) signals.push('shouting');
  if (/!{2,}/.test(raw)) signals.push('exclamation marks');
  return { frustrated: signals.length >= 2 || (shouting && lexiconHits > 0), signals };
}

const RESOLUTION = [
  /\bthat (?:helps|helped|did it|does it|works|worked)\b/,
  /\ball sorted\b/,
  /\b(?:it'?s |that'?s |we'?re |all )?sorted(?: now)?\b/,
  /\bthat'?s (?:all|everything|it)\b/,
  /\bproblem solved\b/,
  /\b(?:solved|fixed|resolved) (?:it|now)\b/,
  /\bworks now\b/,
  /\b(?:all|that'?s) good\b/,
  /\bperfect\b/,
  /\bgot it\b/,
  /\bmuch appreciated\b/,
  /\bno(?:thing)? (?:more|else)\b/,
];
const THANKS = /\b(?:thanks|thank you|thank u|thx|ty|cheers)\b/;
/** Something still open: a contrast, a follow-up, or a question. */
const STILL_OPEN = [
  /\bbut\b/,
  /\bhowever\b/,
  /\balthough\b/,
  /\bone more\b/,
  /\banother (?:question|thing)\b/,
  /\b(?:also|still|though)\b/,
  /\bquick question\b/,
  /\b(?:what|how) about\b/,
  /\bget back to you\b/,
  /\blet me (?:check|think)\b/,
  /\bnot (?:yet|quite|really)\b/,
];

/** True when the text is a confirmation that closes the matter ("thanks, that helps", "all sorted"). */
export function isResolution(text: string): boolean {
  const t = normalize(text);
  if (!t || t.includes('?')) return false;
  if (STILL_OPEN.some((p) => p.test(t))) return false;
  if (words(t).length > 12) return false;
  if (RESOLUTION.some((p) => p.test(t))) return true;
  // A bare "thanks" / "thank you so much" closes the matter too.
  return THANKS.test(t) && words(t).length <= 5;
}

const REFUND = /\brefund(?:s|ed|ing)?\b|\bmoney back\b/;

/** Risk of answering automatically: money and complaints are high, bookings medium, the rest low. */
export function riskOf(intent: string, text: string): RiskResult {
  const t = normalize(text);
  const reasons: string[] = [];
  if (intent === 'pricing' || (intent !== 'opt_out' && countHits(PRICING, t) > 0)) reasons.push('pricing question');
  if (intent === 'complaint') reasons.push('complaint');
  if (REFUND.test(t)) reasons.push('refund');
  if (reasons.length > 0) return { level: 'high', reasons };
  if (intent === 'booking') return { level: 'medium', reasons: ['booking request'] };
  return { level: 'low', reasons: [] };
}

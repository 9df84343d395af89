import { INTENTS } from '@parley/contracts';
import type { AssistantContext, AssistantMessage, KnowledgeSnippet } from '@parley/plugin-sdk';
import type OpenAI from 'openai';

type ChatMessage = OpenAI.Chat.ChatCompletionMessageParam;

/** The job, stated once per request; the business's own instructions come after and cannot lift these rules. */
const INSTRUCTIONS = [
  'You are the customer-support assistant of this business, answering a customer in a conversation.',
  'Answer ONLY from the knowledge snippets provided. Never invent prices, opening hours, policies or promises.',
  'If the snippets do not cover the question, say briefly that a colleague will follow up, and set "escalate" with the reason and "unanswered" to true.',
  `Classify the customer's latest message: intent.name is one of ${INTENTS.join(', ')}; intent.confidence is from 0 to 1.`,
  'Rate the risk of replying automatically as low, medium or high, and list short reasons (money, refunds, complaints, safety and legal matters are riskier).',
  'Set "escalate" with a reason when the customer asks for a human, or is frustrated or angry.',
  'Set "resolve" to {"resolved": true, "confidence": 0..1} when the customer confirms the matter is settled.',
  'When the customer asks to book a job, add the action {"type": "book", "jobType": <short name of the job>, "externalId": null}.',
  'When the customer asks to stop receiving messages, use intent opt_out and reply null.',
  "Write replies short, friendly and in plain text, in the customer's language.",
  'Use null for any field that does not apply. Answer with the JSON object only.',
].join('\n');

function situation(context: AssistantContext): string {
  const name = context.contact?.name?.trim();
  return `Channel: ${context.channel}. Customer name: ${name || 'unknown'}.`;
}

function knowledgeMessage(knowledge: KnowledgeSnippet[]): string {
  if (!knowledge?.length) return 'Knowledge snippets: none were found for this message.';
  const numbered = knowledge.map((s, i) => `[${i + 1}] ${s.title}\n${s.body}`);
  return `Knowledge snippets (the only facts you may use):\n\n${numbered.join('\n\n')}`;
}

/**
 * History without its trailing inbound messages when `latest` already carries them: the host joins the
 * burst it answers into `latest`, and repeating it would make the customer seem to say it twice.
 */
function priorHistory(history: AssistantMessage[], latest: string): AssistantMessage[] {
  let end = history.length;
  while (end > 0 && history[end - 1].direction === 'inbound' && latest.includes(history[end - 1].body.trim())) end--;
  return history.slice(0, end);
}

/** The chat messages for one assistant turn: instructions, knowledge, the conversation, then the text to answer. */
export function buildMessages(context: AssistantContext, systemPrompt?: string): ChatMessage[] {
  const latest = context.latest ?? '';
  const extra = systemPrompt?.trim();
  const messages: ChatMessage[] = [{ role: 'system', content: `${INSTRUCTIONS}\n\n${situation(context)}` }];
  if (extra) messages.push({ role: 'system', content: `Instructions from the business:\n${extra}` });
  messages.push({ role: 'system', content: knowledgeMessage(context.knowledge) });
  for (const message of priorHistory(context.history ?? [], latest)) {
    messages.push({ role: message.direction === 'inbound' ? 'user' : 'assistant', content: message.body });
  }
  messages.push({ role: 'user', content: latest });
  return messages;
}

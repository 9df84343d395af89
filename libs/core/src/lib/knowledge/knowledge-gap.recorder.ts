import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Conversation } from '../conversation/conversation.entity';
import { KnowledgeGap } from './knowledge-gap.entity';

const QUESTION_MAX_CHARS = 500;
const FILLER = new Set(
  (
    'a an the and or but if of to in on at for with by from is are was were be do does did i me my we our you your it its this that ' +
    'can could would should will please hi hello hey thanks thank just so what how when where why who which there any some about ' +
    'one ones also still really know tell need want like get'
  ).split(' '),
);

/** The question's content words, lower-case and sorted: "How much is a boiler service?" ≈ "boiler service, how much". */
export function topicOf(question: string): string {
  const words = new Set(
    (
      question
        .toLowerCase()
        .normalize('NFKD')
        .match(/[\p{L}\p{N}]+/gu) ?? []
    ).filter((w) => w.length > 1 && !FILLER.has(w)),
  );
  return [...words].sort().join(' ').slice(0, 200) || question.trim().toLowerCase().slice(0, 200);
}

/** Keeps the questions the assistant could not answer, for the knowledge-gaps report. */
@Injectable()
export class KnowledgeGapRecorder {
  record(em: EntityManager, conversation: Pick<Conversation, 'id' | 'workspace'>, messages: { body: string | null; subject: string | null }[]): void {
    const question = messages
      .map((m) => [m.subject, m.body].filter(Boolean).join(' '))
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, QUESTION_MAX_CHARS);
    if (!question) return;
    const gap = new KnowledgeGap();
    Object.assign(gap, { workspace: conversation.workspace, conversation: conversation.id, question, topic: topicOf(question) });
    em.persist(gap);
  }
}

import type { RealtimeEventType } from '@parley/contracts';
import type { BusEvent } from '../realtime/event-bus';

/**
 * Some events are stored in the outbox as a reference (`{id}`) and become the resource a screen shows
 * only when relayed: the relay reads every such event of a batch in one query, after the writing
 * transaction committed, so no write path builds (or pays for) the frame itself.
 */
export interface EventExpander {
  readonly types: readonly RealtimeEventType[];
  /** The events in the same order, those of `types` expanded; an event whose resource is gone is dropped. */
  expand(events: BusEvent[]): Promise<BusEvent[]>;
}

/** The provider token of the one EventExpander (ConversationCards), resolved by the relay at start-up. */
export const EVENT_EXPANDER = Symbol('EVENT_EXPANDER');

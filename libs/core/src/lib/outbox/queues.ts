/** Outbox destinations: BullMQ queues, and `events`, the realtime bus (a Redis stream per workspace, not a queue). */
export const QUEUES = {
  events: 'events',
  delivery: 'delivery',
  assistant: 'assistant',
  /** Fetching inbound media from providers into attachments. */
  media: 'media',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
/** The BullMQ queues (every destination but the realtime bus). */
export const BULL_QUEUES: QueueName[] = Object.values(QUEUES).filter((q) => q !== QUEUES.events);

/**
 * Job ids of work that has an identity of its own, so that enqueueing it twice (the relay and the
 * reconciler, two reconcilers) is a no-op, and the reconciler can ask BullMQ whether it is still there.
 */
export const sendJobId = (messageId: string) => `send-${messageId}`;
/** The assistant turn an inbound message scheduled. */
export const turnJobId = (messageId: string) => `turn-${messageId}`;

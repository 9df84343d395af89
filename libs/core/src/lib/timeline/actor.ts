import type { AuthorKind } from '@parley/contracts';
import type { Principal } from '../auth/principal';

/** Who caused a change, as the timeline and message author record it. */
export interface Actor {
  kind: AuthorKind;
  id?: string | null;
  name?: string | null;
}

export const SYSTEM: Actor = { kind: 'system', name: 'Parley' };
/** The AI assistant, whichever provider answers for the workspace. */
export const ASSISTANT: Actor = { kind: 'ai', name: 'Assistant' };

/** A user acts as an operator; an API key acts as the system, under the key's name. */
export const actorOf = (p: Principal): Actor => (p.kind === 'user' ? { kind: 'operator', id: p.id, name: p.name } : { kind: 'system', id: p.id, name: p.name });

/** The actor as a timeline row records it (`actor_kind`, `actor_id`, `actor_name`). */
export const actorColumns = (a: Actor) => ({ actorKind: a.kind, actorId: a.id ?? null, actorName: a.name ?? null });

/**
 * A conversation's reference: what email threading carries when headers are lost (the Reply-To
 * plus-address token, the `[#…]` subject tag). The last 12 hex digits of its id (random bits of a
 * UUIDv7), upper-cased: nothing to store or keep unique at insert, found through an expression index.
 */
export const referenceOf = (conversationId: string): string => conversationId.replace(/-/g, '').slice(-12).toUpperCase();

/** The same in SQL, for conversation alias `c` (the expression of `conversation_reference_idx`). */
export const referenceSql = (c: string) => `upper(right(replace(${c}.id::text, '-', ''), 12))`;

/** What a customer's mail may carry as a reference: the same 12 hex digits, any case. */
export const REFERENCE_PATTERN = /^[0-9a-f]{12}$/i;

import type { EntityManager } from '@mikro-orm/postgresql';
import type { Sql } from './sql-writer';

/**
 * The SQL write helpers (`Sql`, pg's `$n` placeholders) inside an ORM transaction, so the ORM services
 * and the SQL paths share one implementation of a write. Knex binds `?`: each `$n` becomes one, with
 * its value repeated where the text repeats it. Knex would spread an array over several placeholders,
 * so an array goes as PostgreSQL's array literal (what pg sends for one), and the SQL casts it.
 */
export function sqlOf(em: EntityManager): Sql {
  return async (text, params = []) => {
    const bindings: unknown[] = [];
    const query = text.replace(/\$(\d+)/g, (_, n: string) => {
      const value = params[Number(n) - 1];
      bindings.push(Array.isArray(value) ? arrayLiteral(value) : value);
      return '?';
    });
    return em.getConnection().execute(query, bindings, 'all', em.getTransactionContext());
  };
}

/** `{"a","b",NULL}`: every element quoted (backslash before `"` and `\\`), null as NULL. */
export const arrayLiteral = (values: unknown[]): string =>
  `{${values.map((v) => (v === null || v === undefined ? 'NULL' : `"${String(v).replace(/[\\"]/g, (m) => `\\${m}`)}"`)).join(',')}}`;

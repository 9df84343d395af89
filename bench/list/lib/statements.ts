// Run by bench/list/run.mjs as `node -r @swc-node/register bench/list/lib/statements.ts <input.json>`.
//
// Produces, for every scenario, the exact SQL text the API sends for it, by running the API's own
// ConversationListQuery (imported from the sources, not copied) on a MikroORM configured like the app's,
// and recording each statement as MikroORM hands it to the driver: `AbstractSqlConnection.execute` calls
// the `onQuery` hook and then inlines the parameters with `platform.formatQuery`, which is what we do here.
// The raw `pg` baseline replays those strings; run.mjs also checks them against the API's statement log.
//
// Also computes each scenario's deep-page cursor (the API's own nextCursor after `deepRows` rows) and
// its number of matching conversations. Prints one line `@@RESULT <json>`.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { ormOptions } from '../../../libs/core/src/lib/database/orm.config';
import { scopeToWorkspace } from '../../../libs/core/src/lib/database/workspace-filter';
import { ConversationListQuery } from '../../../libs/core/src/lib/conversation/conversation-list.query';
import type { ConversationFilterDto } from '../../../libs/core/src/lib/conversation/conversation-query.dto';
import type { Principal } from '../../../libs/core/src/lib/auth/principal';

interface Scenario {
  key: string;
  kind: 'list' | 'counts';
  filter: ConversationFilterDto;
}

interface Input {
  databaseUrl: string;
  principal: Principal;
  scenarios: Scenario[];
  deepRows: number;
  pageSize: number;
}

async function main() {
  const input = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Input;
  let recording: string[] | null = null;
  const orm = await MikroORM.init(
    ormOptions(input.databaseUrl, {
      debug: false,
      onQuery: (sql: string, params: readonly unknown[]) => {
        recording?.push(orm.em.getPlatform().formatQuery(sql, params as unknown[]));
        return sql;
      },
    }),
  );
  const fork = (): EntityManager => {
    const em = orm.em.fork();
    scopeToWorkspace(em, input.principal.workspaceId);
    return em;
  };
  /** The statements one call sends, in order (the call runs for real: later statements depend on its rows). */
  const capture = async <T>(fn: (q: ConversationListQuery) => Promise<T>): Promise<{ statements: string[]; result: T }> => {
    recording = [];
    try {
      const result = await fn(new ConversationListQuery(fork()));
      return { statements: recording, result };
    } finally {
      recording = null;
    }
  };

  const uncapped = async <T>(fn: () => Promise<T>): Promise<T> => {
    const caps = { countCap: ConversationListQuery.countCap, searchCountCap: ConversationListQuery.searchCountCap };
    Object.assign(ConversationListQuery, { countCap: Number.MAX_SAFE_INTEGER - 1, searchCountCap: Number.MAX_SAFE_INTEGER - 1 });
    try {
      return await fn();
    } finally {
      Object.assign(ConversationListQuery, caps);
    }
  };

  const out: Record<string, unknown> = {};
  try {
    for (const s of input.scenarios) {
      if (s.kind === 'counts') {
        const { statements, result } = await capture((q) => q.counts(input.principal, s.filter));
        out[s.key] = { first: statements, counts: result };
        continue;
      }
      // Matching conversations: the API's own counts (per status, status filter ignored) summed over the
      // filter's statuses, uncapped here (the deep page's depth needs the real figure).
      const counts = await uncapped(() => new ConversationListQuery(fork()).counts(input.principal, s.filter));
      const n = Object.entries(counts).reduce(
        (sum, [status, k]) => sum + (typeof k === 'number' && (!s.filter.status || s.filter.status.includes(status as never)) ? k : 0),
        0,
      );
      const depth = n > input.deepRows ? input.deepRows : Math.floor(n * 0.8);
      let deepCursor: string | null = null;
      if (depth > input.pageSize) {
        const page = await new ConversationListQuery(fork()).list(input.principal, { ...s.filter, limit: depth });
        deepCursor = page.nextCursor;
      }
      const first = await capture((q) => q.list(input.principal, { ...s.filter, limit: input.pageSize }));
      const deep = deepCursor ? await capture((q) => q.list(input.principal, { ...s.filter, limit: input.pageSize, cursor: deepCursor ?? undefined })) : null;
      out[s.key] = {
        matches: n,
        depth: deepCursor ? depth : null,
        deepCursor,
        first: first.statements,
        firstIds: first.result.items.map((i) => i.id),
        deep: deep?.statements ?? null,
        deepIds: deep?.result.items.map((i) => i.id) ?? null,
      };
    }
  } finally {
    await orm.close(true);
  }
  console.log(`@@RESULT ${JSON.stringify(out)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

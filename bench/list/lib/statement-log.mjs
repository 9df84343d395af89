// Reads the statements the API sent, from PostgreSQL's own log. The capture API instance is started
// with PGOPTIONS="-c log_min_duration_statement=0" (its sessions only: the server and other databases
// keep their settings), so every statement it runs is logged with its full text:
//   2026-11-21 15:43:42.004 UTC [2191] postgres@parley_bench_list LOG:  duration: 0.512 ms  statement: select …
// Continuation lines of a multi-line statement start with a tab.
import { closeSync, openSync, readSync, statSync } from 'node:fs';

export function logSize(file) {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}

/** Statements logged for `database` after byte `from` of `file`. */
export function statementsSince(file, from, database) {
  const size = logSize(file);
  if (size === null || from === null || size < from) return null; // unreadable or rotated
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(size - from);
  try {
    readSync(fd, buffer, 0, buffer.length, from);
  } finally {
    closeSync(fd);
  }
  const records = [];
  for (const line of buffer.toString('utf8').split('\n')) {
    if (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(line)) records.push(line);
    else if (line.startsWith('\t') && records.length) records[records.length - 1] += `\n${line.slice(1)}`;
  }
  const marker = ` postgres@${database} LOG:  duration: `;
  const statements = [];
  for (const record of records) {
    const at = record.indexOf(marker);
    if (at < 0) continue;
    const m = /^[\d.]+ ms {2}(?:statement|execute [^:]*): /.exec(record.slice(at + marker.length));
    if (m) statements.push(record.slice(at + marker.length + m[0].length));
  }
  return statements;
}

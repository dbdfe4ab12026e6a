/**
 * CommandComplete tags (`SELECT 3`, `INSERT 0 2`, `CREATE TABLE`...) and how a statement
 * moves the session's transaction status, as Postgres reports both.
 */
import type { TransactionStatus } from './backend.js';

/** The leading keywords of a statement, upper-cased, comments and whitespace skipped. */
export function leadingWords(sql: string, count: number): string[] {
  const stripped = sql.replace(/^(\s|--[^\n]*\n?|\/\*[\s\S]*?\*\/)+/, '');
  return stripped.split(/[\s(;]+/).slice(0, count).map((w) => w.toUpperCase());
}

/** The tag for a finished statement; `rows` is the rows sent or changed. */
export function commandTag(sql: string, rows: number, returnedRows: boolean): string {
  const [first = '', second = ''] = leadingWords(sql, 2);
  switch (first) {
    case 'INSERT': return `INSERT 0 ${rows}`;
    case 'UPDATE': case 'DELETE': case 'MERGE': case 'FETCH': case 'MOVE': return `${first} ${rows}`;
    case 'COPY': return `COPY ${rows}`;
    case 'START': return 'START TRANSACTION';
    case 'END': return 'COMMIT';
    case 'ABORT': return 'ROLLBACK';
    case 'CREATE': case 'DROP': case 'ALTER': {
      // CREATE OR REPLACE VIEW / CREATE TEMP TABLE / CREATE UNIQUE INDEX -> the object kind
      const skip = new Set(['OR', 'REPLACE', 'TEMP', 'TEMPORARY', 'UNIQUE', 'PERSISTENT']);
      const kind = leadingWords(sql, 6).slice(1).find((w) => !skip.has(w)) ?? second;
      return `${first} ${kind === 'MACRO' || kind === 'FUNCTION' ? 'FUNCTION' : kind}`;
    }
    default:
      if (returnedRows) return `SELECT ${rows}`;
      return first || 'SELECT 0';
  }
}

/** The transaction status after a statement succeeded, from its leading keyword. */
export function statusAfter(sql: string, before: TransactionStatus): TransactionStatus {
  const [first = ''] = leadingWords(sql, 1);
  if (first === 'BEGIN' || first === 'START') return 'T';
  if (first === 'COMMIT' || first === 'END' || first === 'ROLLBACK' || first === 'ABORT') return 'I';
  return before;
}

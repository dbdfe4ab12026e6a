/**
 * Whether SQL text typed so far ends a statement: its last token, outside quotes and
 * comments, is `;`. The shell runs input as soon as it is complete, as DuckDB's does.
 */
export function isCompleteSql(sql: string): boolean {
  let lastSemicolon = false;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      if (end < 0) return false;
      i = end;
      lastSemicolon = false;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      if (end < 0) break;
      i = end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) return false;
      i = end + 1;
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(i))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))![0];
      const end = sql.indexOf(tag, i + tag.length);
      if (end < 0) return false;
      i = end + tag.length - 1;
      lastSemicolon = false;
    } else if (!/\s/.test(c)) {
      lastSemicolon = c === ';';
    }
  }
  return lastSemicolon;
}

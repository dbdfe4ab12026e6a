/**
 * How the shell opens and closes a database: rasterduck registered (session-scoped
 * objects only, see src/sql-macros.ts), and a CHECKPOINT before closing so a clean exit
 * leaves no .wal beside the user's file.
 */
import { DuckDBInstance, type DuckDBConnection } from '../duckdb.js';
import { register } from '../index.js';

/** An open database of the shell. */
export interface OpenDatabase {
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  /** The file, or `:memory:`. */
  readonly path: string;
  readonly readonly: boolean;
}

/** Opens `path` (in memory by default), read-only if asked, with rasterduck registered. */
export async function openDatabase(path = ':memory:', readonly = false): Promise<OpenDatabase> {
  const instance = await DuckDBInstance.create(path, readonly ? { access_mode: 'READ_ONLY' } : undefined);
  const connection = await instance.connect();
  await register(connection);
  return { instance, connection, path, readonly };
}

/** Checkpoints a writable file database (folding its WAL into the file) and closes it. */
export async function closeDatabase(db: OpenDatabase): Promise<void> {
  try {
    if (db.path !== ':memory:' && db.path !== '' && !db.readonly) await db.connection.run('CHECKPOINT');
  } catch {
    // a failed transaction or a file opened elsewhere: closing still checkpoints if it can
  }
  db.connection.closeSync();
  db.instance.closeSync();
}

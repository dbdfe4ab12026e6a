/**
 * `rasterduck serve ...`: starts the server, prints where it listens (one line on stdout,
 * `listening on HOST:PORT, database NAME`), and runs until SIGINT or SIGTERM.
 */
import { parseServeArgs, SERVE_USAGE } from './serve-args.js';
import { startServer } from './server.js';

/** Runs the server; resolves with the exit status once it has stopped. */
export async function serveCommand(argv: readonly string[]): Promise<number> {
  const args = parseServeArgs(argv);
  if (args.help) {
    process.stdout.write(SERVE_USAGE);
    return 0;
  }
  const server = await startServer(args);
  process.stdout.write(`listening on ${server.host}:${server.port}, database ${server.database}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}

import type { Command } from "commander";
import { defaultLedgerPath, LedgerStore, LedgerStoreError } from "../../ledger-store/ledger-store.js";
import { ledgerApi } from "../../server/ledger-api.js";
import { DEFAULT_PORT, startServer } from "../../server/start.js";
import { UsageError } from "../errors.js";
import { integerOption } from "../options.js";

const portOption = integerOption("--port", 0, 65535);

/** The port: --port, else the PORT environment variable, else the default. */
function chosenPort(flag: number | undefined): number {
  if (flag !== undefined) return flag;
  const env = process.env.PORT;
  if (env === undefined || env === "") return DEFAULT_PORT;
  try {
    return integerOption("PORT", 0, 65535)(env);
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^PORT/, "PORT environment variable"));
  }
}

/** `megaroth serve`: the web app and its ledger API on http://127.0.0.1:PORT, until Ctrl-C. */
export function registerServe(command: Command): void {
  command
    .option(
      "--port <n>",
      `port to listen on, 0 for any free port (default: $PORT or ${DEFAULT_PORT})`,
      portOption,
    )
    .option(
      "--db <path>",
      "ledger database file, created if missing (default: $MEGAROTH_DB or the user data directory)",
    )
    .action(async (options: { port?: number; db?: string }) => {
      const port = chosenPort(options.port);
      const dbPath = options.db ?? defaultLedgerPath();
      let store: LedgerStore;
      try {
        store = LedgerStore.open(dbPath, { create: true });
      } catch (error) {
        if (error instanceof LedgerStoreError) throw new UsageError(`--db: ${error.message}`);
        throw error;
      }
      const server = await startServer({ port, api: ledgerApi(store) }).catch(
        (error: NodeJS.ErrnoException) => {
          store.close();
          if (error.code === "EADDRINUSE") {
            throw new UsageError(
              `--port: port ${port} is in use (allowed: a free port 0–65535; 0 picks one)`,
            );
          }
          throw error;
        },
      );
      process.stdout.write(`megaroth web app: ${server.url}\nLedger: ${dbPath}\nPress Ctrl-C to stop.\n`);
      const stop = () => {
        void server.close().then(() => {
          store.close();
          process.exit(0);
        });
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}

import { writeSync } from "node:fs";
import { importLedgerFile } from "../../src/ledger-store/import.js";
import { LedgerStore } from "../../src/ledger-store/ledger-store.js";

/**
 * Child process for the crash test: imports FILE into DB and prints "started" once the import's transaction
 * is open (before its first row), then "committed" when it returns. The test kills it with SIGKILL in between.
 */
const [db, file] = process.argv.slice(2) as [string, string];
const store = LedgerStore.open(db);
const result = importLedgerFile(store, file, () => {
  writeSync(1, "started\n");
});
writeSync(
  1,
  result.errorCount === 0 ? "committed\n" : `failed ${JSON.stringify(result.errors.slice(0, 3))}\n`,
);
store.close();

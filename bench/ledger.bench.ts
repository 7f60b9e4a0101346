import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { foldLedger } from "../packages/core/src/rules/ledger/fold.js";
import { parseLedgerCsv } from "../src/ledger-store/csv.js";
import { checkAgainstLedger } from "../src/ledger-store/import.js";
import { LedgerStore } from "../src/ledger-store/ledger-store.js";
import { bigLedgerCsv } from "../test/ledger/big-csv.js";
import type { BenchRow } from "./run.js";

/**
 * `npm run bench -- ledger`: the ledger's targets of issue #14 on 100,000 events, each as the real command
 * (`node bin/megaroth.js ledger …`, built by `npm run build`, wall time including Node's start) where the
 * target is a command, with `node -e 0` measured in the same run (interleaved with the balance runs, so a
 * loaded machine moves both sides):
 * - `ledger balance --json` wall ÷ `node -e 0` ≤ 3 (median of 7 each);
 * - `ledger import` of 100,000 events ≤ 2 s (wall, median of 3, each into a new ledger);
 * - an edit or a removal of one event of 100,000 ≤ 100 ms, as the store does it for `ledger edit`/`remove`
 *   and the server's PUT/DELETE: one write transaction that refolds the whole ledger (median of 5 each, the
 *   ledger open as the server holds it). The same through the CLI (which also starts Node and reads the
 *   ledger) is shown beside it, without a target.
 * Then the in-process phases, for where the time goes.
 */

const EVENTS = 100_000;
const BIN = fileURLToPath(new URL("../bin/megaroth.js", import.meta.url));

function timed<T>(work: () => T): [T, number] {
  const start = performance.now();
  const result = work();
  return [result, performance.now() - start];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function wall(args: string[]): number {
  const [result, ms] = timed(() => spawnSync(process.execPath, args, { encoding: "utf8" }));
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${result.stderr}`);
  return ms;
}

const cli = (args: string[]) => wall([BIN, ...args]);

export default async function ledgerBench(): Promise<BenchRow[]> {
  const loadBefore = loadavg()[0]!;
  const dir = mkdtempSync(join(tmpdir(), "megaroth-bench-ledger-"));
  try {
    const file = join(dir, "ledger.csv");
    const text = bigLedgerCsv(EVENTS);
    writeFileSync(file, text);

    const imports = [1, 2, 3].map((n) => {
      const db = join(dir, `import-${n}.sqlite`);
      cli(["ledger", "init", "--db", db]);
      return cli(["ledger", "import", file, "--db", db]);
    });
    const db = join(dir, "import-1.sqlite");

    const bare: number[] = [];
    const balance: number[] = [];
    for (let i = 0; i < 7; i++) {
      bare.push(wall(["-e", "0"]));
      balance.push(cli(["ledger", "balance", "--json", "--db", db, "--as-of", "2100-12-31"]));
    }
    const cliEdits = [1, 2, 3].map((n) =>
      cli(["ledger", "edit", "5000", "--note", `cli edit ${n}`, "--db", db]),
    );

    const store = LedgerStore.open(join(dir, "api.sqlite"), { create: true });
    const [parsed, parseMs] = timed(() => parseLedgerCsv(text));
    const [, checkMs] = timed(() => checkAgainstLedger(store, parsed.events, parsed.lines));
    const [, writeMs] = timed(() => store.append(parsed.events, { fileName: file, text }));
    const reopened = LedgerStore.open(join(dir, "api.sqlite"), { mode: "read" });
    const [events, readMs] = timed(() => reopened.events().map((e) => e.event));
    reopened.close();
    const folds = [1, 2, 3].map(() => timed(() => foldLedger(events, { asOf: "2100-12-31" }))[1]);

    const middle = store.events()[EVENTS / 2]!;
    store.replaceEvent(middle.id, { ...middle.event, note: "warm-up" }); // the first change folds the ledger once more
    const edits = [1, 2, 3, 4, 5].map(
      (n) => timed(() => store.replaceEvent(middle.id, { ...middle.event, note: `edited ${n}` }))[1],
    );
    const removals = [1, 2, 3, 4, 5].map(() => {
      const last = store.events().at(-1)!.id;
      return timed(() => store.removeEvent(last))[1];
    });
    store.close();
    const sizeMb = statSync(db).size / 1024 / 1024;

    const bareMs = median(bare);
    const balanceMs = median(balance);
    const load = `load ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`;
    const note = `${EVENTS.toLocaleString("en-US")} events`;
    return [
      { name: "node -e 0: wall (median of 7, interleaved)", value: bareMs, unit: "ms", note: load },
      { name: "CLI: ledger balance --json: wall (median of 7)", value: balanceMs, unit: "ms", note },
      {
        name: "CLI: ledger balance --json wall ÷ node -e 0",
        value: balanceMs / bareMs,
        unit: "×",
        note,
        target: { max: 3 },
      },
      {
        name: "CLI: ledger import (wall, median of 3)",
        value: median(imports),
        unit: "ms",
        note,
        target: { max: 2000 },
      },
      {
        name: "store: edit one event, whole ledger refolded (median of 5)",
        value: median(edits),
        unit: "ms",
        note,
        target: { max: 100 },
      },
      {
        name: "store: remove one event, whole ledger refolded (median of 5)",
        value: median(removals),
        unit: "ms",
        note,
        target: { max: 100 },
      },
      {
        name: "CLI: ledger edit (wall, incl. Node start and read; median of 3)",
        value: median(cliEdits),
        unit: "ms",
        note,
      },
      { name: "in-process: parse + validate CSV", value: parseMs, unit: "ms", note },
      { name: "in-process: checks against the ledger (dupes, fold)", value: checkMs, unit: "ms", note },
      { name: "in-process: write in one transaction", value: writeMs, unit: "ms", note },
      { name: "in-process: read + check all events (cold)", value: readMs, unit: "ms", note },
      { name: "in-process: fold to balances (median of 3)", value: median(folds), unit: "ms", note },
      { name: "database file size", value: sizeMb, unit: "MB", note },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

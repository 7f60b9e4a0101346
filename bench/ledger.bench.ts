import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { foldLedger } from "../packages/core/src/rules/ledger/fold.js";
import { parseLedgerCsv } from "../src/ledger-store/csv.js";
import { checkAgainstLedger } from "../src/ledger-store/import.js";
import { LedgerStore } from "../src/ledger-store/ledger-store.js";
import { bigLedgerCsv } from "../test/ledger/big-csv.js";
import type { BenchRow } from "./run.js";

/**
 * `npm run bench -- ledger`: importing 100,000 events and asking for the balance, each as the real
 * command (`node bin/megaroth.js ledger …`, built by `npm run build`, wall time including Node's start),
 * then the same work in-process split by phase. Balance figures are the median of 5 runs.
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

function cli(args: string[]): number {
  const [result, ms] = timed(() => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" }));
  if (result.status !== 0) throw new Error(`megaroth ${args.join(" ")} failed: ${result.stderr}`);
  return ms;
}

export default async function ledgerBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "megaroth-bench-ledger-"));
  const file = join(dir, "ledger.csv");
  const text = bigLedgerCsv(EVENTS);
  writeFileSync(file, text);
  const db = join(dir, "cli.sqlite");
  cli(["ledger", "init", "--db", db]);
  const importMs = cli(["ledger", "import", file, "--db", db]);
  const balanceMs = median(Array.from({ length: 5 }, () => cli(["ledger", "balance", "--json", "--db", db])));

  const store = LedgerStore.open(join(dir, "api.sqlite"), { create: true });
  const [parsed, parseMs] = timed(() => parseLedgerCsv(text));
  const [, checkMs] = timed(() => checkAgainstLedger(store, parsed.events, parsed.lines));
  const [, writeMs] = timed(() => store.append(parsed.events, { fileName: file, text }));
  const reads: number[] = [];
  const folds: number[] = [];
  for (let i = 0; i < 5; i++) {
    const [events, readMs] = timed(() => store.events().map((e) => e.event));
    const [, foldMs] = timed(() => foldLedger(events, { asOf: "2100-12-31" }));
    reads.push(readMs);
    folds.push(foldMs);
  }
  // an edit or removal re-reads and refolds the whole ledger before and after the change, in one transaction
  const middle = store.events()[EVENTS / 2]!;
  const edits = [1, 2, 3].map(
    (n) => timed(() => store.replaceEvent(middle.id, { ...middle.event, note: `edited ${n}` }))[1],
  );
  const removals = [1, 2, 3].map(() => {
    const last = store.events().at(-1)!.id;
    return timed(() => store.removeEvent(last))[1];
  });
  store.close();
  const sizeMb = statSync(db).size / 1024 / 1024;
  rmSync(dir, { recursive: true, force: true });
  const note = `${EVENTS.toLocaleString("en-US")} events`;
  return [
    { name: "CLI: ledger import (wall, incl. Node start)", value: importMs, unit: "ms", note },
    { name: "CLI: ledger balance --json (wall, median of 5)", value: balanceMs, unit: "ms", note },
    { name: "in-process: parse + validate CSV", value: parseMs, unit: "ms", note },
    { name: "in-process: checks against the ledger (dupes, fold)", value: checkMs, unit: "ms", note },
    { name: "in-process: write in one transaction", value: writeMs, unit: "ms", note },
    { name: "in-process: read + re-validate all events (median)", value: median(reads), unit: "ms", note },
    { name: "in-process: fold to balances (median)", value: median(folds), unit: "ms", note },
    {
      name: "in-process: edit one event, whole ledger refolded (median of 3)",
      value: median(edits),
      unit: "ms",
      note,
    },
    {
      name: "in-process: remove the last event, whole ledger refolded (median of 3)",
      value: median(removals),
      unit: "ms",
      note,
    },
    { name: "database file size", value: sizeMb, unit: "MB", note },
  ];
}

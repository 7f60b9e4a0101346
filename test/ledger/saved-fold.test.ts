import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { LedgerEvent } from "../../packages/core/src/rules/ledger/events.js";
import type { FoldSnapshot } from "../../packages/core/src/rules/ledger/fold.js";
import { cents } from "../../packages/core/src/rules/money/cents.js";
import { balanceView } from "../../src/cli/commands/ledger.js";
import { eventsToCsv } from "../../src/ledger-store/csv.js";
import { FOLD_FORMAT } from "../../src/ledger-store/fold-format.js";
import { checkAndAppend, importLedgerFile } from "../../src/ledger-store/import.js";
import {
  canonicalJson,
  LedgerEditRefusedError,
  LedgerEventNotFoundError,
  LedgerStore,
  LedgerStoreError,
} from "../../src/ledger-store/ledger-store.js";
import { MIGRATIONS } from "../../src/ledger-store/migrations.js";
import { runCli } from "../helpers/cli.js";
import { bigLedgerCsv } from "./big-csv.js";
import { ev } from "./events.js";

/**
 * `ledger balance` uses the fold every write saves (saved_fold) only while a digest of the event rows matches
 * (#14). Each test compares what balance shows from the saved fold with the full path (every event read,
 * checked and folded: `balanceState(asOf, { full: true })`, or the CLI on a copy of the file without the saved
 * fold), never with a frozen output; the tamper tests change rows behind megaroth's back so that a saved fold
 * trusted without its digest would show something else.
 */

const created: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "megaroth-saved-fold-"));
  created.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** What `balance --json` prints of a state (the CLI's own view), as text. */
const shown = (store: LedgerStore, asOf: string, full: boolean) =>
  JSON.stringify(balanceView(store.balanceState(asOf, { full }), asOf).json);

/** Opens the ledger for reading (as `ledger balance` does) and gives the saved and the full view at `asOf`. */
function viewsAt(path: string, asOf: string) {
  const store = LedgerStore.open(path, { mode: "read" });
  try {
    const saved = store.savedBalanceState(asOf);
    return {
      saved: saved && JSON.stringify(balanceView(saved, asOf).json),
      fast: shown(store, asOf, false),
      full: shown(store, asOf, true),
    };
  } finally {
    store.close();
  }
}

const ACCOUNTS = [
  ev({ type: "open", date: "2019-01-01", account: "sub", kind: "401k-after-tax" }),
  ev({ type: "open", date: "2019-01-01", account: "roth401k", kind: "roth-401k" }),
  ev({ type: "open", date: "2019-01-01", account: "pre", kind: "401k-pretax" }),
  ev({ type: "open", date: "2019-01-01", account: "trad", kind: "traditional-ira" }),
  ev({ type: "open", date: "2019-01-01", account: "rira", kind: "roth-ira" }),
];

const dateArb = fc
  .record({
    y: fc.integer({ min: 2019, max: 2024 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
const amountArb = fc.integer({ min: 1, max: 900_000 }).map((c) => c / 100);

/** One event of a kind the balance view reads (conversions, distributions) or that moves basis and balances. */
const eventArb: fc.Arbitrary<LedgerEvent> = fc
  .record({
    date: dateArb,
    amount: amountArb,
    pick: fc.integer({ min: 0, max: 11 }),
    account: fc.constantFrom("sub", "roth401k", "pre", "trad", "rira"),
    note: fc.option(
      fc.string({ minLength: 1, maxLength: 8 }).filter((s) => /^[a-z0-9 ]+$/.test(s)),
      {
        nil: undefined,
      },
    ),
  })
  .map(({ date, amount, pick, account, note }) => {
    const n = note === undefined ? {} : { note };
    const year = Number(date.slice(0, 4));
    switch (pick) {
      case 0:
      case 1:
        return ev({ type: "after-tax-contribution", date, account: "sub", amount, ...n });
      case 2:
        return ev({ type: "employer-contribution", date, account: "pre", amount, ...n });
      case 3:
        return ev({
          type: "in-plan-roth-conversion",
          date,
          account: "sub",
          toAccount: "roth401k",
          amount,
          ...n,
        });
      case 4:
        return ev({
          type: "nondeductible-ira-contribution",
          date,
          account: "trad",
          amount,
          taxYear: year,
          ...n,
        });
      case 5:
        return ev({ type: "roth-ira-conversion", date, account: "trad", toAccount: "rira", amount, ...n });
      case 6:
        return ev({ type: "roth-ira-contribution", date, account: "rira", amount, taxYear: year, ...n });
      case 7:
      case 8:
        return ev({ type: "distribution", date, account, amount, ...n });
      case 9:
        return ev({
          type: "year-end-value",
          date: `${date.slice(0, 4)}-12-31`,
          account: "trad",
          amount,
          ...n,
        });
      case 10:
        return ev({ type: "statement-balance", date, account, amount, basis: null, earnings: null, ...n });
      default:
        return ev({ type: "after-tax-contribution", date, account: "roth401k", amount, ...n });
    }
  });

type Op =
  | { kind: "add"; event: LedgerEvent }
  | { kind: "import"; events: LedgerEvent[] }
  | { kind: "edit"; at: number; event: LedgerEvent }
  | { kind: "remove"; at: number }
  | { kind: "reopen" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: eventArb.map((event) => ({ kind: "add" as const, event })) },
  {
    weight: 2,
    arbitrary: fc
      .array(eventArb, { minLength: 1, maxLength: 8 })
      .map((events) => ({ kind: "import" as const, events })),
  },
  {
    weight: 2,
    arbitrary: fc.record({ at: fc.nat(), event: eventArb }).map((r) => ({ kind: "edit" as const, ...r })),
  },
  { weight: 2, arbitrary: fc.nat().map((at) => ({ kind: "remove" as const, at })) },
  { weight: 1, arbitrary: fc.constant({ kind: "reopen" as const }) },
);

/** Runs `op` through the store as the CLI and the server do (a refused change changes nothing). */
function apply(store: LedgerStore, dir: string, op: Op, n: number): void {
  const ids = store.events().map((s) => s.id);
  try {
    if (op.kind === "add") checkAndAppend(store, [op.event], [1]);
    else if (op.kind === "import") {
      const file = join(dir, `import-${n}.csv`);
      writeFileSync(file, eventsToCsv(op.events));
      importLedgerFile(store, file);
    } else if (op.kind === "edit" && ids.length > 0) store.replaceEvent(ids[op.at % ids.length]!, op.event);
    else if (op.kind === "remove" && ids.length > 0) store.removeEvent(ids[op.at % ids.length]!);
  } catch (error) {
    if (!(error instanceof LedgerEditRefusedError || error instanceof LedgerEventNotFoundError)) throw error;
  }
}

/** The as-of dates to compare at: before, on and after the last event, year ends, the far future. */
function asOfDates(store: LedgerStore): string[] {
  const last = store.events().at(-1)?.event.date ?? "2019-01-01";
  const year = last.slice(0, 4);
  return ["2019-06-30", last, `${year}-12-31`, `${year}-12-30`, `${Number(year) + 1}-03-01`, "2100-12-31"];
}

function newLedger(dir: string): { path: string; store: LedgerStore } {
  const path = join(dir, "ledger.sqlite");
  const store = LedgerStore.open(path, { create: true });
  checkAndAppend(store, ACCOUNTS, [1, 2, 3, 4, 5]);
  return { path, store };
}

describe("the saved fold gives balance exactly what the full path gives", () => {
  it("after every write (add, import, edit, remove; the writer kept open or opened again), at every as-of date", () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 10 }), (ops) => {
        const dir = tempDir();
        let { path, store } = newLedger(dir);
        try {
          ops.forEach((op, n) => {
            if (op.kind === "reopen") {
              store.close();
              store = LedgerStore.open(path);
              return;
            }
            apply(store, dir, op, n);
            const last = store.events().at(-1)?.event.date ?? ""; // "": every event removed
            for (const asOf of asOfDates(store)) {
              const v = viewsAt(path, asOf);
              expect(v.fast).toBe(v.full);
              // the saved fold is used from the last event on (and never before it)
              if (asOf >= last) expect(v.saved).toBe(v.full);
              else expect(v.saved).toBeNull();
            }
          });
        } finally {
          store.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  });

  it("on 10,000 events across id chunks: edits and removals at chunk edges, appends, a reopened writer", () => {
    const dir = tempDir();
    const path = join(dir, "big.sqlite");
    writeFileSync(join(dir, "big.csv"), bigLedgerCsv(10_000));
    let store = LedgerStore.open(path, { create: true });
    expect(importLedgerFile(store, join(dir, "big.csv")).imported).toBe(10_000);
    const check = () => {
      for (const asOf of ["2100-12-31", store.events().at(-1)!.event.date]) {
        const v = viewsAt(path, asOf);
        expect(v.saved).not.toBeNull();
        expect(v.saved).toBe(v.full);
      }
    };
    check();
    for (const id of [3, 4095, 4096, 8191, 8192, 9_999]) {
      const { event } = store.events().find((s) => s.id === id)!;
      store.replaceEvent(id, { ...event, note: `edited ${id}` });
      check();
    }
    store.removeEvent(10_000);
    check();
    checkAndAppend(
      store,
      [ev({ type: "after-tax-contribution", date: "2030-01-02", account: "sub", amount: 5 })],
      [1],
    );
    check();
    store.close();
    store = LedgerStore.open(path);
    const first = store.events()[2]!;
    store.replaceEvent(first.id, { ...first.event, note: "after reopening" });
    check();
    store.close();
  });

  it("the CLI's balance (text and --json) is byte for byte the same as on a copy without the saved fold", () => {
    const dir = tempDir();
    const { path, store } = newLedger(dir);
    const events = fc.sample(eventArb, { numRuns: 60, seed: 14 });
    for (const e of events) {
      try {
        checkAndAppend(store, [e], [1]);
      } catch {}
    }
    store.close();
    const copy = join(dir, "copy.sqlite");
    const raw = new Database(path);
    raw.prepare("VACUUM INTO ?").run(copy);
    raw.close();
    const c = new Database(copy);
    expect(c.prepare("DELETE FROM saved_fold").run().changes).toBe(1);
    c.close();
    expect(viewsAt(copy, "2100-12-31").saved).toBeNull();
    expect(viewsAt(path, "2100-12-31").saved).not.toBeNull();
    for (const asOf of ["2100-12-31", "2024-12-31", "2025-01-15", "2024-06-01"]) {
      for (const json of [["--json"], []]) {
        const args = ["ledger", "balance", "--as-of", asOf, ...json];
        const fast = runCli([...args, "--db", path]);
        const full = runCli([...args, "--db", copy]);
        expect(fast.code, fast.stderr).toBe(0);
        expect(fast.stdout).toBe(full.stdout);
        expect(fast.stderr).toBe(full.stderr);
      }
    }
  });
});

/** A ledger whose fold depends on the order, amounts and dates of its rows; ids 1–5 open the accounts. */
function tamperLedger(): { path: string; before: string } {
  const dir = tempDir();
  const { path, store } = newLedger(dir);
  checkAndAppend(
    store,
    [
      ev({ type: "after-tax-contribution", date: "2024-03-01", account: "sub", amount: 1000 }), // #6
      ev({ type: "distribution", date: "2024-03-01", account: "sub", amount: 1000 }), // #7
      ev({ type: "after-tax-contribution", date: "2024-05-01", account: "sub", amount: 250 }), // #8
      ev({
        type: "nondeductible-ira-contribution",
        date: "2024-02-01",
        account: "trad",
        amount: 7000,
        taxYear: 2024,
      }), // #9
      ev({
        type: "roth-ira-conversion",
        date: "2024-02-10",
        account: "trad",
        toAccount: "rira",
        amount: 7000,
      }), // #10
    ],
    [1, 2, 3, 4, 5],
  );
  store.close();
  const v = viewsAt(path, "2100-12-31");
  expect(v.saved).not.toBeNull();
  expect(v.saved).toBe(v.full);
  return { path, before: v.full };
}

function tamper(path: string, sql: string, ...params: unknown[]): void {
  const raw = new Database(path);
  expect(raw.prepare(sql).run(...params).changes).toBeGreaterThan(0);
  raw.close();
}

describe("rows changed behind megaroth's back: balance takes the full path", () => {
  const body = (e: LedgerEvent) => canonicalJson(e);

  it.each([
    [
      "an event's body changed (another amount)",
      "UPDATE events SET body = ? WHERE id = 8",
      [body(ev({ type: "after-tax-contribution", date: "2024-05-01", account: "sub", amount: 300 }))],
    ],
    ["a row deleted", "DELETE FROM events WHERE id = 8", []],
    ["an id changed, so the order within a day changed", "UPDATE events SET id = 100 WHERE id = 6", []],
    [
      "two ids swapped",
      "UPDATE events SET id = -id WHERE id IN (6, 7); UPDATE events SET id = CASE id WHEN -6 THEN 7 ELSE 6 END WHERE id < 0",
      [],
    ],
    ["a date column changed (the body kept)", "UPDATE events SET date = '2024-03-02' WHERE id = 6", []],
    [
      "a date stored as a blob (same bytes, sorts last)",
      "UPDATE events SET date = CAST(date AS BLOB) WHERE id = 6",
      [],
    ],
    [
      "a row added by hand",
      "INSERT INTO events (date, type, account, body) VALUES ('2024-06-01', 'after-tax-contribution', 'sub', ?)",
      [body(ev({ type: "after-tax-contribution", date: "2024-06-01", account: "sub", amount: 9 }))],
    ],
  ])("%s", (_what, sql, params) => {
    const { path, before } = tamperLedger();
    if (sql.includes(";")) {
      const raw = new Database(path);
      raw.exec(sql);
      raw.close();
    } else tamper(path, sql, ...params);
    const v = viewsAt(path, "2100-12-31");
    expect(v.saved).toBeNull();
    expect(v.fast).toBe(v.full);
    // what the stale saved fold would have shown differs: trusting it would have been wrong
    expect(v.full).not.toBe(before);
  });

  it("a damaged JSON body: balance refuses the ledger exactly as without a saved fold", () => {
    const { path } = tamperLedger();
    tamper(path, `UPDATE events SET body = '{"type":"after-tax-contribution"' WHERE id = 8`);
    const store = LedgerStore.open(path, { mode: "read" });
    expect(store.savedBalanceState("2100-12-31")).toBeNull();
    expect(() => store.balanceState("2100-12-31")).toThrow(LedgerStoreError);
    expect(() => store.balanceState("2100-12-31")).toThrow(
      `event #8 in ${path} cannot be read: it is not valid JSON`,
    );
    store.close();
    const cli = runCli(["ledger", "balance", "--json", "--as-of", "2100-12-31", "--db", path]);
    expect(cli.code).toBe(2);
    expect(cli.stdout).toBe("");
    expect(cli.stderr).toBe(`megaroth: event #8 in ${path} cannot be read: it is not valid JSON\n`);
  });

  it.each([
    [`fold format ${FOLD_FORMAT}`, "fold format of other code"],
    ["megaroth 0.1.0", "megaroth 0.0.9"],
    ["schema 4", "schema 3"],
    ["figures ", "figures 0"],
  ])("a saved fold from another version key (%s → %s) is not used", (from, to) => {
    const { path, before } = tamperLedger();
    tamper(path, "UPDATE saved_fold SET key = replace(key, ?, ?)", from, to);
    const v = viewsAt(path, "2100-12-31");
    expect(v.saved).toBeNull();
    expect(v.fast).toBe(before);
  });

  it("a saved fold changed on disk (another balance in a well-formed state, the digest kept) is not used", () => {
    const { path, before } = tamperLedger();
    const raw = new Database(path);
    const { state } = raw.prepare("SELECT state FROM saved_fold").get() as { state: Buffer };
    const snapshot = deserialize(state) as FoldSnapshot;
    const sub = snapshot.fold.accounts.get("sub")!;
    sub.balance = cents(sub.balance + 100);
    sub.basis = cents(sub.basis + 100);
    raw.prepare("UPDATE saved_fold SET state = ?").run(serialize(snapshot));
    raw.close();
    const v = viewsAt(path, "2100-12-31");
    expect(v.saved).toBeNull();
    expect(v.fast).toBe(before);
  });

  it("a saved fold whose digest or state was damaged is not used, and balance still answers", () => {
    for (const sql of [
      "UPDATE saved_fold SET digest = 'x'",
      "UPDATE saved_fold SET state = x'00ff'",
      "UPDATE saved_fold SET state = 'not a blob'",
      "UPDATE saved_fold SET last_date = '2023-01-01'",
    ]) {
      const { path, before } = tamperLedger();
      tamper(path, sql);
      const v = viewsAt(path, "2100-12-31");
      expect(v.saved, sql).toBeNull();
      expect(v.fast).toBe(before);
    }
  });
});

describe("ledgers balance reads as they are", () => {
  it("a ledger of schema version 3 (no saved fold): balance folds every event, and the file is not migrated", () => {
    const dir = tempDir();
    const path = join(dir, "v3.sqlite");
    const raw = new Database(path);
    raw.pragma("journal_mode = WAL");
    raw.exec(
      "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (3);",
    );
    for (const m of MIGRATIONS.filter((m) => m.version <= 3)) raw.exec(m.sql);
    const insert = raw.prepare("INSERT INTO events (date, type, account, body) VALUES (?, ?, ?, ?)");
    for (const e of [
      ...ACCOUNTS,
      ev({ type: "after-tax-contribution", date: "2024-03-01", account: "sub", amount: 1000 }),
    ])
      insert.run(e.date, e.type, e.account, canonicalJson(e));
    raw.pragma("wal_checkpoint(TRUNCATE)");
    raw.close();
    const hash = () => createHash("sha256").update(readFileSync(path)).digest("hex");
    const before = hash();
    const v = viewsAt(path, "2100-12-31");
    expect(v.saved).toBeNull();
    expect(v.fast).toBe(v.full);
    const cli = runCli(["ledger", "balance", "--json", "--as-of", "2100-12-31", "--db", path]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stderr).toBe("");
    expect(hash()).toBe(before);
    const check = new Database(path, { readonly: true });
    expect(check.prepare("SELECT version FROM schema_version").pluck().get()).toBe(3);
    check.close();
  });

  it("a read never writes: balance on a ledger with a saved fold leaves the file byte for byte", () => {
    const { path } = tamperLedger();
    const copy = `${path}.copy`;
    const raw = new Database(path);
    raw.pragma("wal_checkpoint(TRUNCATE)");
    raw.close();
    copyFileSync(path, copy);
    expect(runCli(["ledger", "balance", "--db", path]).code).toBe(0);
    expect(readFileSync(path).equals(readFileSync(copy))).toBe(true);
  });

  it("figures supplied for the run (--figures): balance folds every event, and a write saves no fold", () => {
    const dir = tempDir();
    const db = join(dir, "figures.sqlite");
    const figures = join(dir, "figures.json");
    writeFileSync(
      figures,
      JSON.stringify({ annualAdditionsLimit: { "2030": { value: 80000, source: "a test's own figure" } } }),
    );
    const add = (...args: string[]) => expect(runCli(["ledger", "add", "--db", db, ...args]).code).toBe(0);
    expect(runCli(["ledger", "init", "--db", db]).code).toBe(0);
    add("--date", "2030-01-01", "--type", "open", "--account", "sub", "--kind", "401k-after-tax");
    add("--date", "2030-02-01", "--type", "after-tax-contribution", "--account", "sub", "--amount", "90000");
    expect(viewsAt(db, "2030-12-31").saved).not.toBeNull();
    const balance = (...extra: string[]) =>
      runCli(["ledger", "balance", "--json", "--as-of", "2030-12-31", "--db", db, ...extra]);
    const plain = balance();
    const supplied = balance("--figures", figures);
    expect(supplied.code, supplied.stderr).toBe(0);
    // the supplied 415(c) limit is used and reported, as the full path does: not the saved fold's warnings
    expect(supplied.stdout).not.toBe(plain.stdout);
    expect(JSON.parse(supplied.stdout).suppliedFigures).toHaveLength(1);
    const copy = join(dir, "copy.sqlite");
    const raw = new Database(db);
    raw.prepare("VACUUM INTO ?").run(copy);
    raw.close();
    const c = new Database(copy);
    c.prepare("DELETE FROM saved_fold").run();
    c.close();
    expect(supplied.stdout).toBe(
      runCli(["ledger", "balance", "--json", "--as-of", "2030-12-31", "--db", copy, "--figures", figures])
        .stdout,
    );
    add(
      "--date",
      "2030-03-01",
      "--type",
      "after-tax-contribution",
      "--account",
      "sub",
      "--amount",
      "1",
      "--figures",
      figures,
    );
    const check = new Database(db, { readonly: true });
    expect(check.prepare("SELECT count(*) FROM saved_fold").pluck().get()).toBe(0);
    check.close();
  });
});

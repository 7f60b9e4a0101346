import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { foldLedger } from "../../packages/core/src/rules/ledger/fold.js";
import { MAX_FILE_BYTES } from "../../src/ledger-store/csv.js";
import { importLedgerFile } from "../../src/ledger-store/import.js";
import { defaultLedgerPath, LedgerStore, LedgerStoreError } from "../../src/ledger-store/ledger-store.js";
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from "../../src/ledger-store/migrations.js";
import { bigLedgerCsv } from "./big-csv.js";

const created: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "megaroth-ledger-"));
  created.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});
const CHILD = fileURLToPath(new URL("./import-child.ts", import.meta.url));

const SMALL = `date,type,account,amount,kind,basis,earnings
2025-01-01,open,sub,,401k-after-tax,,
2025-01-31,after-tax-contribution,sub,1000.00,,,
2025-02-28,statement-balance,sub,1010.00,,1000.00,10.00
`;

describe("ledger store", () => {
  it("creates a WAL database at the latest schema version, and refuses to open a missing file without init", () => {
    const dir = tempDir();
    const path = join(dir, "nested", "ledger.sqlite");
    expect(() => LedgerStore.open(path)).toThrow(LedgerStoreError);
    const store = LedgerStore.open(path, { create: true });
    expect(store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
  });

  it("migrates a version-1 database in order and keeps its events", () => {
    const path = join(tempDir(), "v1.sqlite");
    const raw = new Database(path);
    raw.exec(
      "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);",
    );
    raw.exec(MIGRATIONS[0]!.sql);
    const body = JSON.stringify({ account: "sub", date: "2025-01-01", kind: "401k-after-tax", type: "open" });
    raw
      .prepare("INSERT INTO events (date, type, account, body) VALUES (?, ?, ?, ?)")
      .run("2025-01-01", "open", "sub", body);
    raw.close();
    const store = LedgerStore.open(path);
    expect(store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    expect(store.events().map((e) => e.event.type)).toEqual(["open"]);
    store.close();
  });

  it("refuses a database from a newer megaroth", () => {
    const path = join(tempDir(), "future.sqlite");
    const raw = new Database(path);
    raw.exec(
      "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (99);",
    );
    raw.close();
    expect(() => LedgerStore.open(path)).toThrow(/schema version 99/);
  });

  it("imports a file whole, and writes nothing when any row is wrong", () => {
    const dir = tempDir();
    const store = LedgerStore.open(join(dir, "l.sqlite"), { create: true });
    const bad = join(dir, "bad.csv");
    writeFileSync(
      bad,
      `${SMALL}2025-03-01,distribution,sub,99999.00,,,\n2025-03-02,after-tax-contribution,ghost,1.00,,,\n`,
    );
    const rejected = importLedgerFile(store, bad);
    expect(rejected.imported).toBe(0);
    expect(rejected.errors.map((e) => [e.line, e.column])).toEqual([
      [5, "amount"],
      [6, "account"],
    ]);
    expect(store.events()).toEqual([]);
    const good = join(dir, "good.csv");
    writeFileSync(good, SMALL);
    expect(importLedgerFile(store, good).imported).toBe(3);
    const again = importLedgerFile(store, good);
    expect(again.imported).toBe(0);
    expect(again.errors.map((e) => e.message)).toEqual([
      "is already in the ledger (event #1)",
      'account "sub" is already open',
      "is already in the ledger (event #2)",
      "is already in the ledger (event #3)",
    ]);
    expect(store.events()).toHaveLength(3);
    store.close();
  });

  it("refuses a file over the size cap without reading it, and a JSON file that is not a ledger export", () => {
    const dir = tempDir();
    const store = LedgerStore.open(join(dir, "l.sqlite"), { create: true });
    const huge = join(dir, "huge.csv");
    writeFileSync(huge, "");
    truncateSync(huge, MAX_FILE_BYTES + 1);
    expect(importLedgerFile(store, huge).errors).toEqual([
      { line: 0, column: null, message: `the file is ${MAX_FILE_BYTES + 1} bytes, more than the 64 MB cap` },
    ]);
    const json = join(dir, "x.json");
    writeFileSync(
      json,
      JSON.stringify({
        events: [{ date: "2025-01-01", type: "open", account: "a", kind: "taxable", shell: "rm -rf /" }, 7],
      }),
    );
    expect(importLedgerFile(store, json).errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [1, "shell", expect.stringMatching(/^unknown field/)],
      [2, null, "event is not an object"],
    ]);
    expect(importLedgerFile(store, join(dir, "missing.csv")).errors[0]!.message).toBe("no such file");
    expect(store.events()).toEqual([]);
    store.close();
  });

  it("refuses an import that would make a recorded event invalid", () => {
    const dir = tempDir();
    const store = LedgerStore.open(join(dir, "l.sqlite"), { create: true });
    writeFileSync(join(dir, "a.csv"), `${SMALL}2025-03-01,distribution,sub,1010.00,,,\n`);
    expect(importLedgerFile(store, join(dir, "a.csv")).imported).toBe(4);
    writeFileSync(join(dir, "b.csv"), "date,type,account,amount\n2025-02-28,distribution,sub,500.00\n");
    const result = importLedgerFile(store, join(dir, "b.csv"));
    expect(result.imported).toBe(0);
    expect(result.errors[0]!.message).toMatch(
      /recorded event #4 \(2025-03-01 distribution on sub\) would no longer be valid/,
    );
    store.close();
  });

  it("backs up to a new file that opens with the same events, and will not overwrite", async () => {
    const dir = tempDir();
    const store = LedgerStore.open(join(dir, "l.sqlite"), { create: true });
    writeFileSync(join(dir, "s.csv"), SMALL);
    importLedgerFile(store, join(dir, "s.csv"));
    const copy = join(dir, "copy.sqlite");
    await store.backup(copy);
    await expect(store.backup(copy)).rejects.toThrow(/already exists/);
    const restored = LedgerStore.open(copy);
    expect(restored.events()).toEqual(store.events());
    expect(restored.integrityCheck()).toBe("ok");
    restored.close();
    store.close();
  });

  it("finds its default file through --db, MEGAROTH_DB, XDG_DATA_HOME, then ~/.local/share", () => {
    expect(defaultLedgerPath({ MEGAROTH_DB: "/x/l.sqlite", XDG_DATA_HOME: "/d" })).toBe("/x/l.sqlite");
    expect(defaultLedgerPath({ XDG_DATA_HOME: "/d" })).toBe("/d/megaroth/ledger.sqlite");
    expect(defaultLedgerPath({})).toMatch(/\.local\/share\/megaroth\/ledger\.sqlite$/);
  });
});

describe("a process killed with SIGKILL in the middle of a 100,000-row import", () => {
  it("leaves a database that opens cleanly and holds all of the import or none of it", async () => {
    const dir = tempDir();
    const db = join(dir, "ledger.sqlite");
    const csv = join(dir, "big.csv");
    writeFileSync(csv, bigLedgerCsv(100_000));
    const seed = LedgerStore.open(db, { create: true });
    seed.close();

    const child = spawn(process.execPath, ["--import", "tsx", CHILD, db, csv], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, TSX_DISABLE_CACHE: "1" }, // tsx's cache would stay in the temp directory
    });
    let output = "";
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      let killing = false;
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (killing || !output.includes("started")) return;
        killing = true;
        // let the inserts run for a moment, then kill the process where it stands
        setTimeout(() => {
          child.kill("SIGKILL");
          resolve();
        }, 50);
      });
      child.on("exit", () => reject(new Error(`child exited on its own: ${output}`)));
    });
    expect(await exited).toBe("SIGKILL");
    // the transaction was open when the process died: it never reported a commit
    expect(output).not.toContain("committed");

    const store = LedgerStore.open(db);
    expect(store.integrityCheck()).toBe("ok");
    // it never committed, so the ledger holds none of it: no event, no import record
    expect(store.events()).toHaveLength(0);
    // and the same file imports whole afterwards
    const result = importLedgerFile(store, csv);
    expect(result.imported).toBe(100_000);
    const state = foldLedger(store.events().map((e) => e.event));
    expect(state.problems).toEqual([]);
    store.close();
  }, 120_000);
});

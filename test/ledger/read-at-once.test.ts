import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { parseLedgerCsv } from "../../src/ledger-store/csv.js";
import { canonicalJson, LedgerStore } from "../../src/ledger-store/ledger-store.js";
import { bigLedgerCsv } from "./big-csv.js";

/**
 * The store reads the whole ledger as ONE JSON array joined by SQLite (#14). It must see every damaged row
 * the row-by-row read sees, with the same message: a body that is not JSON, JSON5 that SQLite could read but
 * JSON.parse cannot, and two bodies crafted so that only their JOIN is valid JSON (the join must never line
 * a damaged body up as an event).
 */

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function ledger(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), "megaroth-read-at-once-"));
  dirs.push(dir);
  const path = join(dir, "ledger.sqlite");
  const store = LedgerStore.open(path, { mode: "create" });
  store.append(parseLedgerCsv(bigLedgerCsv(count)).events);
  store.close();
  return path;
}

function setBody(path: string, id: number, body: string): void {
  const db = new Database(path);
  db.prepare("UPDATE events SET body = ? WHERE id = ?").run(body, id);
  db.close();
}

function firstProblem(path: string): string {
  const store = LedgerStore.open(path, { mode: "read" });
  try {
    store.events();
    return "read";
  } catch (error) {
    return (error as Error).message;
  } finally {
    store.close();
  }
}

describe("reading the ledger at once", () => {
  it("reads the same events, in ledger order, as the rows say", () => {
    const path = ledger(2_000);
    const store = LedgerStore.open(path, { mode: "read" });
    const events = store.events();
    store.close();
    const db = new Database(path, { readonly: true });
    const rows = db.prepare("SELECT id, body FROM events ORDER BY date, id").raw().all() as [
      number,
      string,
    ][];
    db.close();
    expect(events.length).toBe(2_000);
    expect(events.map((e) => [e.id, canonicalJson(e.event)])).toEqual(rows);
  });

  it("refuses a body that is not JSON, or JSON5 only SQLite reads, naming the event", () => {
    for (const body of ['{"type":"open"', '{type:"open",date:"2000-01-01"}', "", "1 2"]) {
      const path = ledger(50);
      setBody(path, 7, body);
      expect(firstProblem(path)).toBe(`event #7 in ${path} cannot be read: it is not valid JSON`);
    }
  });

  it("refuses two damaged bodies whose join alone would be valid JSON", () => {
    const path = ledger(50);
    // ids 10 and 11 are next to each other in ledger order: joined, `[…,10,{"note":",11,"},11,{},…]` parses
    setBody(path, 10, '{"note":"');
    setBody(path, 11, '"},11,{}');
    expect(firstProblem(path)).toBe(`event #10 in ${path} cannot be read: it is not valid JSON`);
  });

  it("names a JSON body that is not an event exactly as before", () => {
    const path = ledger(50);
    setBody(path, 12, "[1,2]");
    expect(firstProblem(path)).toMatch(new RegExp(`^event #12 in ${path} cannot be read: `));
    const store = LedgerStore.open(path, { mode: "read" });
    const { damaged, events } = store.readableEvents();
    store.close();
    expect(damaged.map((d) => d.id)).toEqual([12]);
    expect(events.length).toBe(49);
  });
});

describe("successive changes reuse the changed ledger's fold", () => {
  it("an old problem stays tolerated and a new one is refused, change after change", () => {
    const dir = mkdtempSync(join(tmpdir(), "megaroth-read-at-once-"));
    dirs.push(dir);
    const store = LedgerStore.open(join(dir, "ledger.sqlite"), { mode: "create" });
    const csv = [
      "date,type,account,amount,kind,to_account,basis,earnings,note",
      "2025-01-01,open,sub,,401k-after-tax,,,,",
      "2025-01-02,after-tax-contribution,sub,100.00,,,,,",
      "2025-01-03,distribution,sub,500.00,,,,,too much", // a problem recorded before (appended unchecked)
      "2025-01-04,after-tax-contribution,sub,50.00,,,,,",
    ].join("\n");
    const [open, , , late] = store.append(parseLedgerCsv(csv).events);
    expect([...store.eventsWithProblems()]).toEqual([open! + 2]);
    for (let n = 1; n <= 3; n++) {
      const current = store.events().find((e) => e.id === late)!;
      expect(store.replaceEvent(late!, { ...current.event, note: `edit ${n}` }).changed).toBe(true);
      expect([...store.eventsWithProblems()]).toEqual([open! + 2]);
    }
    const contribution = store.events().find((e) => e.id === open! + 1)!;
    expect(() => store.replaceEvent(open! + 1, { ...contribution.event, date: "2024-12-31" })).toThrow(
      /cannot change event/,
    );
    store.close();
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { LedgerEvent } from "../../packages/core/src/rules/ledger/events.js";
import { foldLedger } from "../../packages/core/src/rules/ledger/fold.js";
import { cents } from "../../packages/core/src/rules/money/cents.js";
import { eventsToCsv, eventsToJson } from "../../src/ledger-store/csv.js";
import { importLedgerFile } from "../../src/ledger-store/import.js";
import {
  LedgerEditRefusedError,
  LedgerEventNotFoundError,
  LedgerStore,
} from "../../src/ledger-store/ledger-store.js";
import { MIGRATIONS } from "../../src/ledger-store/migrations.js";
import { ev } from "./events.js";

const created: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "megaroth-ledger-edit-"));
  created.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

const LEDGER = `date,type,account,amount,kind,to_account,basis,earnings,note
2025-01-01,open,sub,,401k-after-tax,,,,
2025-01-01,open,roth,,roth-401k,,,,
2025-01-31,after-tax-contribution,sub,1000.00,,,,,
2025-02-28,after-tax-contribution,sub,500.00,,,,,
2025-03-31,statement-balance,sub,1510.00,,,1500.00,10.00,
2025-04-01,distribution,sub,1200.00,,,,,
2025-12-31,year-end-value,sub,310.00,,,,,
`;

/** A fresh ledger holding LEDGER (ids 1–7 in file order), with a clock that ticks one minute per read. */
function setup() {
  const dir = tempDir();
  const path = join(dir, "ledger.sqlite");
  let minute = 0;
  const now = () => new Date(Date.UTC(2026, 10, 29, 12, minute++));
  const store = LedgerStore.open(path, { create: true, now });
  writeFileSync(join(dir, "l.csv"), LEDGER);
  expect(importLedgerFile(store, join(dir, "l.csv")).imported).toBe(7);
  return { dir, path, store };
}

/** Everything the database holds, table by table, to prove a refused change wrote nothing. */
function dump(path: string) {
  const raw = new Database(path, { readonly: true });
  const tables = Object.fromEntries(
    ["events", "event_history", "imports"].map((t) => [
      t,
      raw.prepare(`SELECT * FROM ${t} ORDER BY id`).all(),
    ]),
  );
  raw.close();
  return tables;
}

const balanceOf = (store: LedgerStore, account: string) =>
  foldLedger(store.events().map((s) => s.event)).accounts.get(account);

describe("editing a recorded event", () => {
  it("replaces it in place (same id), keeps the earlier version with the time of the change, and refolds", () => {
    const { store } = setup();
    const edited = ev({ type: "after-tax-contribution", date: "2025-02-28", account: "sub", amount: 510 });
    expect(store.replaceEvent(4, edited)).toEqual({ changed: true });
    expect(store.events().find((s) => s.id === 4)?.event).toEqual(edited);
    expect(store.history()).toEqual([
      {
        eventId: 4,
        change: "replaced",
        event: ev({ type: "after-tax-contribution", date: "2025-02-28", account: "sub", amount: 500 }),
        importId: 1,
        changedAt: "2026-11-29T12:01:00.000Z",
      },
    ]);
    // before: basis $1,500 of a $1,510 balance, so the $1,200 distribution was not all basis
    // after: basis $1,510 = the statement's balance, so the distribution takes $1,200 of basis and leaves $310
    const sub = balanceOf(store, "sub")!;
    expect([sub.balance, sub.basis, sub.earnings]).toEqual([cents(31_000), cents(31_000), cents(0)]);
    store.close();
  });

  it("moves an event whose date changes to its new place in ledger order, keeping its id", () => {
    const { store } = setup();
    store.replaceEvent(
      4,
      ev({ type: "after-tax-contribution", date: "2025-01-15", account: "sub", amount: 500 }),
    );
    expect(store.events().map((s) => s.id)).toEqual([1, 2, 4, 3, 5, 6, 7]);
    store.close();
  });

  it("refuses an edit that makes a later event impossible, naming that event, and changes nothing", () => {
    const { path, store } = setup();
    const before = dump(path);
    // without the $1,000 contribution and the statement, the $1,200 distribution exceeds the balance
    const refuse = () =>
      store.replaceEvent(
        5,
        ev({
          type: "statement-balance",
          date: "2025-03-31",
          account: "sub",
          amount: 1000,
          basis: null,
          earnings: null,
        }),
      );
    expect(refuse).toThrow(LedgerEditRefusedError);
    expect(refuse).toThrow(
      "cannot change event #5: recorded event #6 (2025-04-01 distribution on sub) would no longer be valid: is more than the ledger balance of sub on 2025-04-01 ($1,000.00); record a statement-balance first; nothing was changed",
    );
    expect(dump(path)).toEqual(before);
    store.close();
  });

  it("refuses an edited event that does not fit the ledger itself, naming it and its field", () => {
    const { path, store } = setup();
    const before = dump(path);
    let error: unknown;
    try {
      store.replaceEvent(
        3,
        ev({ type: "after-tax-contribution", date: "2025-01-31", account: "ghost", amount: 1 }),
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LedgerEditRefusedError);
    const refused = error as LedgerEditRefusedError;
    expect(refused.problems.map((p) => [p.eventId, p.field])).toEqual([[3, "account"]]);
    expect(refused.message).toBe(
      'cannot change event #3: event #3 (2025-01-31 after-tax-contribution on ghost) as edited does not fit the ledger: account: unknown account "ghost" (open it first); nothing was changed',
    );
    expect(dump(path)).toEqual(before);
    store.close();
  });

  it("refuses an edit into a copy of another recorded event", () => {
    const { path, store } = setup();
    const before = dump(path);
    const twin = store.events().find((s) => s.id === 3)!.event;
    expect(() => store.replaceEvent(4, twin)).toThrow(
      "cannot change event #4: event #4 (2025-01-31 after-tax-contribution on sub) as edited does not fit the ledger: is already in the ledger (event #3); nothing was changed",
    );
    expect(dump(path)).toEqual(before);
    store.close();
  });

  it("writes nothing for an edit that changes nothing, and refuses an unknown id", () => {
    const { path, store } = setup();
    const before = dump(path);
    const same = store.events().find((s) => s.id === 3)!.event;
    expect(store.replaceEvent(3, same)).toEqual({ changed: false });
    expect(() => store.replaceEvent(99, same)).toThrow(LedgerEventNotFoundError);
    expect(() => store.replaceEvent(99, same)).toThrow("no event #99 in the ledger");
    expect(dump(path)).toEqual(before);
    store.close();
  });

  it("rolls back the history row when the update itself fails", () => {
    const { path, store } = setup();
    const raw = new Database(path);
    raw.exec(
      "CREATE TRIGGER refuse_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    raw.close();
    const before = dump(path);
    expect(() =>
      store.replaceEvent(
        4,
        ev({ type: "after-tax-contribution", date: "2025-02-28", account: "sub", amount: 1 }),
      ),
    ).toThrow("disk full");
    expect(dump(path)).toEqual(before);
    expect(store.history()).toEqual([]);
    store.close();
  });
});

describe("removing a recorded event", () => {
  it("deletes it, keeps it in the history, and never reuses its id", () => {
    const { store } = setup();
    const last = store.events().at(-1)!;
    expect(store.removeEvent(7)).toEqual(last);
    expect(store.events().map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.history(7)).toEqual([
      {
        eventId: 7,
        change: "removed",
        event: last.event,
        importId: 1,
        changedAt: "2026-11-29T12:01:00.000Z",
      },
    ]);
    // the same event can be recorded again, under a new id
    expect(store.append([last.event])).toEqual([8]);
    store.close();
  });

  it("refuses to remove an event a later one depends on, naming it, and changes nothing", () => {
    const { path, store } = setup();
    const before = dump(path);
    expect(() => store.removeEvent(1)).toThrow(
      'cannot remove event #1: recorded event #3 (2025-01-31 after-tax-contribution on sub) would no longer be valid: unknown account "sub" (open it first) (and 4 more); nothing was changed',
    );
    expect(() => store.removeEvent(42)).toThrow(LedgerEventNotFoundError);
    expect(dump(path)).toEqual(before);
    store.close();
  });

  it("keeps every version through edit, edit and removal, in order", () => {
    const { store } = setup();
    const v = (amount: number) => ev({ type: "year-end-value", date: "2025-12-31", account: "sub", amount });
    store.replaceEvent(7, v(320));
    store.replaceEvent(7, v(330));
    store.removeEvent(7);
    expect(store.history(7).map((h) => [h.change, h.event])).toEqual([
      ["replaced", v(310)],
      ["replaced", v(320)],
      ["removed", v(330)],
    ]);
    expect(store.history(7).map((h) => h.importId)).toEqual([1, null, null]);
    store.close();
  });
});

describe("after edits and removals", () => {
  it("the CSV and JSON exports re-import to the same current ledger", () => {
    const { dir, store } = setup();
    store.replaceEvent(
      4,
      ev({ type: "after-tax-contribution", date: "2025-01-15", account: "sub", amount: 450 }),
    );
    store.removeEvent(7);
    store.append([ev({ type: "year-end-value", date: "2025-12-31", account: "sub", amount: 260 })]);
    const current = store.events().map((s) => s.event);
    for (const [name, text] of [
      ["e.csv", eventsToCsv(current)],
      ["e.json", JSON.stringify(eventsToJson(current))],
    ] as const) {
      writeFileSync(join(dir, name), text);
      const copy = LedgerStore.open(join(dir, `${name}.sqlite`), { create: true });
      expect(importLedgerFile(copy, join(dir, name)).errorCount).toBe(0);
      expect(copy.events().map((s) => s.event)).toEqual(current);
      expect(foldLedger(copy.events().map((s) => s.event))).toEqual(foldLedger(current));
      copy.close();
    }
    store.close();
  });

  it("a version-2 database migrates to ids that are never reused, and keeps its events", () => {
    const path = join(tempDir(), "v2.sqlite");
    const raw = new Database(path);
    raw.exec(
      "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (2);",
    );
    raw.exec(MIGRATIONS[0]!.sql);
    raw.exec(MIGRATIONS[1]!.sql);
    const insert = raw.prepare("INSERT INTO events (id, date, type, account, body) VALUES (?, ?, ?, ?, ?)");
    const body = (a: string) =>
      JSON.stringify({ account: a, date: "2025-01-01", kind: "taxable", type: "open" });
    insert.run(1, "2025-01-01", "open", "a", body("a"));
    insert.run(5, "2025-01-01", "open", "b", body("b"));
    raw.close();
    const store = LedgerStore.open(path);
    expect(store.events().map((s) => [s.id, s.event.account])).toEqual([
      [1, "a"],
      [5, "b"],
    ]);
    store.removeEvent(5);
    expect(store.append([ev({ type: "open", date: "2025-01-02", account: "c", kind: "taxable" })])).toEqual([
      6,
    ]);
    store.close();
  });

  it("property: whatever edits are accepted, the ledger still folds with no problem, and a refused one changes nothing", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.integer({ min: 1, max: 8 }),
            remove: fc.boolean(),
            amount: fc.integer({ min: 1, max: 300_000 }),
          }),
          { maxLength: 6 },
        ),
        (changes) => {
          const { path, store } = setup();
          try {
            for (const change of changes) {
              const before = dump(path);
              const target = store.events().find((s) => s.id === change.id);
              try {
                if (change.remove) store.removeEvent(change.id);
                else if (target && "amount" in target.event)
                  store.replaceEvent(change.id, {
                    ...target.event,
                    amount: cents(change.amount),
                  } as LedgerEvent);
              } catch (error) {
                if (!(error instanceof LedgerEditRefusedError || error instanceof LedgerEventNotFoundError))
                  throw error;
                expect(dump(path)).toEqual(before);
              }
              expect(foldLedger(store.events().map((s) => s.event)).problems).toEqual([]);
            }
          } finally {
            store.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

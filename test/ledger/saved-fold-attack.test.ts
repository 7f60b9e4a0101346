import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { LedgerEvent } from "../../packages/core/src/rules/ledger/events.js";
import { balanceView } from "../../src/cli/commands/ledger.js";
import { checkAndAppend } from "../../src/ledger-store/import.js";
import { LedgerStore } from "../../src/ledger-store/ledger-store.js";
import { ev } from "./events.js";

const created: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "megaroth-saved-fold-attack-"));
  created.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

function views(path: string, asOf: string) {
  const store = LedgerStore.open(path, { mode: "read" });
  try {
    const saved = store.savedBalanceState(asOf);
    return {
      saved: saved && JSON.stringify(balanceView(saved, asOf).json),
      fast: JSON.stringify(balanceView(store.balanceState(asOf), asOf).json),
      full: JSON.stringify(balanceView(store.balanceState(asOf, { full: true }), asOf).json),
    };
  } finally {
    store.close();
  }
}

const contribution = (date: string, amount: number) =>
  ev({ type: "after-tax-contribution", date, account: "sub", amount });

/** A new ledger file (closed) holding an open after-tax account "sub" and then `events`, in that order. */
function ledgerWith(...events: LedgerEvent[]): string {
  const path = join(tempDir(), "ledger.sqlite");
  const store = LedgerStore.open(path, { create: true });
  const all = [ev({ type: "open", date: "2020-01-01", account: "sub", kind: "401k-after-tax" }), ...events];
  checkAndAppend(
    store,
    all,
    all.map((_, i) => i + 1),
  );
  store.close();
  return path;
}

describe("attack: saved fold", () => {
  it("a long-lived writer whose commit is followed at once by another process's commit saves no stale fold", () => {
    const path = join(tempDir(), "ledger.sqlite");
    const a = LedgerStore.open(path, { create: true });
    checkAndAppend(
      a,
      [ev({ type: "open", date: "2020-01-01", account: "sub", kind: "401k-after-tax" })],
      [1],
    );
    const b = LedgerStore.open(path);
    // another process commits between a's COMMIT and a's next statement (a busy machine deschedules a there)
    const db = (a as unknown as { db: Database.Database }).db;
    const transaction = db.transaction.bind(db);
    let hook: (() => void) | null = () => checkAndAppend(b, [contribution("2020-03-01", 500)], [1]);
    (db as unknown as { transaction: unknown }).transaction = (fn: () => unknown) => {
      const t = transaction(fn);
      return {
        immediate: () => {
          const result = t.immediate();
          const run = hook;
          hook = null;
          run?.();
          return result;
        },
      };
    };
    checkAndAppend(a, [contribution("2020-02-01", 100)], [1]);
    checkAndAppend(a, [contribution("2020-04-01", 200)], [1]);
    a.close();
    b.close();
    const v = views(path, "2020-12-31");
    expect(v.fast).toBe(v.full);
  });

  it("a row made NULL behind megaroth's back, its bytes moved into its neighbour's body, is not trusted", () => {
    const path = ledgerWith(contribution("2020-02-01", 100), contribution("2020-03-01", 200));
    const before = views(path, "2020-12-31");
    expect(before.saved).toBe(before.full);
    const db2 = new Database(path);
    // the table made again behind megaroth's back, the same but that a date may be NULL
    db2.exec(`
      CREATE TABLE events_x (id INTEGER PRIMARY KEY AUTOINCREMENT, date TEXT, type TEXT NOT NULL,
        account TEXT NOT NULL, body TEXT NOT NULL, import_id INTEGER REFERENCES imports (id));
      INSERT INTO events_x SELECT id, date, type, account, body, import_id FROM events;
      DROP TABLE events;
      ALTER TABLE events_x RENAME TO events;
      CREATE INDEX events_by_date ON events (date, id);
      CREATE UNIQUE INDEX events_by_body ON events (body);
    `);
    // row 3's date and body go into row 2's body (after a NUL); row 3's date is NULL: the chunk's blob is unchanged
    db2
      .prepare(
        "UPDATE events SET body = (SELECT e.body || x'00' || f.date || x'01' || f.body FROM events e, events f WHERE e.id = 2 AND f.id = 3) WHERE id = 2",
      )
      .run();
    db2.prepare("UPDATE events SET date = NULL WHERE id = 3").run();
    db2.close();
    const store2 = LedgerStore.open(path, { mode: "read" });
    try {
      expect(store2.savedBalanceState("2020-12-31")).toBeNull();
      expect(() => store2.balanceState("2020-12-31")).toThrow(/event #2 .* is not valid JSON/);
    } finally {
      store2.close();
    }
  });

  it("a trigger added behind megaroth's back that changes another row during a write leaves no stale fold", () => {
    const path = ledgerWith(contribution("2020-02-01", 100));
    const db = new Database(path);
    db.exec(`CREATE TRIGGER bump AFTER INSERT ON events BEGIN
      UPDATE events SET body = replace(body, '"amount":10000', '"amount":90000') WHERE id = 2; END;`);
    db.close();
    const writer = LedgerStore.open(path);
    checkAndAppend(writer, [contribution("2020-04-01", 1)], [1]);
    writer.close();
    const v = views(path, "2020-12-31");
    expect(v.full).toContain('"balance":901,');
    expect(v.fast).toBe(v.full);
    expect(v.saved).toBeNull();
  });

  it("a row added behind megaroth's back below the smallest safe id, or with a NULL id, is not left out", () => {
    for (const table of ["as made", "id not the rowid"]) {
      const path = ledgerWith(contribution("2020-02-01", 100));
      const db = new Database(path);
      if (table !== "as made")
        // INT (not INTEGER) PRIMARY KEY: not the rowid, so SQLite lets an id be NULL
        db.exec(`
          CREATE TABLE events_x (id INT PRIMARY KEY, date TEXT NOT NULL, type TEXT NOT NULL,
            account TEXT NOT NULL, body TEXT NOT NULL, import_id INTEGER REFERENCES imports (id));
          INSERT INTO events_x SELECT id, date, type, account, body, import_id FROM events;
          DROP TABLE events;
          ALTER TABLE events_x RENAME TO events;
          CREATE INDEX events_by_date ON events (date, id);
          CREATE UNIQUE INDEX events_by_body ON events (body);
        `);
      const body = JSON.stringify({
        account: "sub",
        amount: 500000,
        date: "2020-02-15",
        type: "after-tax-contribution",
      });
      db.prepare(
        `INSERT INTO events (id, date, type, account, body) VALUES (${table === "as made" ? "-9223372036854775808" : "NULL"}, '2020-02-15', 'after-tax-contribution', 'sub', ?)`,
      ).run(body);
      db.close();
      const v = views(path, "2020-12-31");
      expect(v.full).toContain('"balance":5100,');
      expect(v.fast).toBe(v.full);
      expect(v.saved).toBeNull();
    }
  });

  it("a date column changed behind megaroth's back (rows out of their bodies' order), then two writes by one open store", () => {
    const path = ledgerWith(
      contribution("2020-02-01", 100),
      ev({
        type: "statement-balance",
        date: "2020-03-01",
        account: "sub",
        amount: 200,
        basis: null,
        earnings: null,
      }),
      ev({ type: "distribution", date: "2020-03-01", account: "sub", amount: 50 }),
    );
    const db = new Database(path);
    // the distribution's date column (not its body) moved earlier: a read now folds it before the statement
    db.prepare("UPDATE events SET date = '2020-02-15' WHERE id = 4").run();
    db.close();
    const server = LedgerStore.open(path);
    // an import of two events (as the server's POST /import), then one more event
    checkAndAppend(server, [contribution("2020-04-01", 1), contribution("2020-04-02", 1)], [1, 2]);
    checkAndAppend(server, [contribution("2020-05-01", 2)], [1]);
    server.close();
    const v = views(path, "2020-12-31");
    expect(v.fast).toBe(v.full);
  });
});

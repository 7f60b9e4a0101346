import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LedgerStore } from "../../src/ledger-store/ledger-store.js";
import { runCli, runCliJson } from "../helpers/cli.js";

const LEDGER = `date,type,account,amount,kind,note
2025-01-01,open,sub,,401k-after-tax,
2025-01-31,after-tax-contribution,sub,1000.00,,
2025-02-28,after-tax-contribution,sub,500.00,,'=SUM(A1)
2025-04-01,distribution,sub,1200.00,,
`;

const created: string[] = [];
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "megaroth-cli-edit-"));
  created.push(dir);
  const db = join(dir, "ledger.sqlite");
  writeFileSync(join(dir, "l.csv"), LEDGER);
  expect(runCli(["ledger", "init", "--db", db]).code).toBe(0);
  expect(runCli(["ledger", "import", join(dir, "l.csv"), "--db", db]).code).toBe(0);
  return { dir, db };
}

type Listed = { events: Record<string, unknown>[] };
const list = (db: string) => runCliJson<Listed>(["ledger", "list", "--db", db]).events;
const exported = (db: string) => runCli(["ledger", "export", "--db", db]).stdout;

describe("megaroth ledger edit", () => {
  it("changes only the fields given, keeps the rest (a formula-like note too) and the id", () => {
    const { db } = setup();
    const result = runCli(["ledger", "edit", "3", "--amount", "510", "--db", db]);
    expect(result).toMatchObject({
      code: 0,
      stdout: "Changed event #3: 2025-02-28 after-tax-contribution on sub\n",
    });
    expect(list(db)[2]).toEqual({
      id: 3,
      date: "2025-02-28",
      type: "after-tax-contribution",
      account: "sub",
      amount: 510,
      note: "'=SUM(A1)",
    });
    const balance = runCliJson<{ accounts: { basis: number; balance: number }[] }>([
      "ledger",
      "balance",
      "--as-of",
      "2025-12-31",
      "--db",
      db,
    ]);
    // $1,510 of contributions, all basis; the $1,200 distribution leaves $310 of each
    expect(balance.accounts).toEqual([
      { account: "sub", kind: "401k-after-tax", balance: 310, basis: 310, earnings: 0 },
    ]);
  });

  it("answers in JSON, and says when an edit changes nothing", () => {
    const { db } = setup();
    expect(runCliJson(["ledger", "edit", "2", "--date", "2025-01-30", "--db", db])).toEqual({
      changed: true,
      event: { id: 2, date: "2025-01-30", type: "after-tax-contribution", account: "sub", amount: 1000 },
    });
    expect(runCli(["ledger", "edit", "2", "--db", db]).stdout).toBe("Event #2 is unchanged\n");
  });

  it("keeps each earlier version, and each removed event, in the ledger's history", () => {
    const { db } = setup();
    expect(runCli(["ledger", "history", "--db", db]).stdout).toBe("No event has been edited or removed.\n");
    runCli(["ledger", "edit", "4", "--amount", "1100", "--note", "corrected", "--db", db]);
    runCli(["ledger", "remove", "4", "--db", db]);
    type History = {
      history: { change: string; changedAt: string; importId: number | null; event: object }[];
    };
    const history = runCliJson<History>(["ledger", "history", "4", "--db", db]).history;
    expect(history.map(({ change, importId, event }) => ({ change, importId, event }))).toEqual([
      {
        change: "replaced",
        importId: 1,
        event: { id: 4, date: "2025-04-01", type: "distribution", account: "sub", amount: 1200 },
      },
      {
        change: "removed",
        importId: null,
        event: {
          id: 4,
          date: "2025-04-01",
          type: "distribution",
          account: "sub",
          amount: 1100,
          note: "corrected",
        },
      },
    ]);
    for (const h of history) expect(Date.parse(h.changedAt)).not.toBeNaN();
    expect(runCliJson<History>(["ledger", "history", "3", "--db", db]).history).toEqual([]);
    const store = LedgerStore.open(db);
    expect(store.history().map((h) => h.eventId)).toEqual([4, 4]);
    store.close();
  });

  it.each([
    [["x"], 'megaroth: ID: "x" is not an event id (a whole number from 1; see: megaroth ledger list)'],
    [["0"], 'megaroth: ID: "0" is not an event id (a whole number from 1; see: megaroth ledger list)'],
    [["9", "--amount", "1"], "megaroth: ID: no event #9 in the ledger (see: megaroth ledger list)"],
    [
      ["3", "--amount", "1.005"],
      'megaroth: --amount: "1.005" is not a dollar amount (e.g. 1234.56; at most 2 decimals)',
    ],
    [
      ["3", "--kind", "taxable"],
      "megaroth: --kind: is not used by a after-tax-contribution row (leave it empty)",
    ],
    [
      ["3", "--note", "=HYPERLINK(1)"],
      'megaroth: --note: "=HYPERLINK(1)" looks like a spreadsheet formula (prefix it with \' to keep it as text)',
    ],
    [
      ["3", "--type", "open"],
      "megaroth: --kind: must be one of 401k-after-tax, 401k-pretax, roth-401k, traditional-ira, roth-ira, taxable",
    ],
    [
      ["2", "--amount", "100"],
      "megaroth: cannot change event #2: recorded event #4 (2025-04-01 distribution on sub) would no longer be valid: is more than the ledger balance of sub on 2025-04-01 ($600.00); record a statement-balance first; nothing was changed",
    ],
    [
      ["3", "--amount", "1000", "--note", "", "--date", "2025-01-31"],
      "megaroth: cannot change event #3: event #3 (2025-01-31 after-tax-contribution on sub) as edited does not fit the ledger: is already in the ledger (event #2); nothing was changed",
    ],
    [
      ["2", "--account", "ghost"],
      'megaroth: cannot change event #2: event #2 (2025-01-31 after-tax-contribution on ghost) as edited does not fit the ledger: account: unknown account "ghost" (open it first) (and 1 more); nothing was changed',
    ],
  ])("refuses edit %j with one line, exit 2, and writes nothing", (args, message) => {
    const { db } = setup();
    const before = exported(db);
    const result = runCli(["ledger", "edit", ...args, "--db", db]);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toBe(`${message}\n`);
    expect(exported(db)).toBe(before);
  });
});

describe("megaroth ledger remove", () => {
  it("removes an event nothing depends on, and the ledger refolds", () => {
    const { db } = setup();
    expect(runCliJson(["ledger", "remove", "4", "--db", db])).toEqual({
      removed: { id: 4, date: "2025-04-01", type: "distribution", account: "sub", amount: 1200 },
    });
    expect(list(db).map((e) => e.id)).toEqual([1, 2, 3]);
    const balance = runCliJson<{ accounts: { balance: number }[] }>([
      "ledger",
      "balance",
      "--as-of",
      "2025-12-31",
      "--db",
      db,
    ]);
    expect(balance.accounts[0]!.balance).toBe(1500);
    expect(runCli(["ledger", "remove", "3", "--db", db]).stdout).toBe(
      "Removed event #3: 2025-02-28 after-tax-contribution on sub\n",
    );
  });

  it.each([
    [
      ["1"],
      'megaroth: cannot remove event #1: recorded event #2 (2025-01-31 after-tax-contribution on sub) would no longer be valid: unknown account "sub" (open it first) (and 2 more); nothing was changed',
    ],
    [
      ["2"],
      "megaroth: cannot remove event #2: recorded event #4 (2025-04-01 distribution on sub) would no longer be valid: is more than the ledger balance of sub on 2025-04-01 ($500.00); record a statement-balance first; nothing was changed",
    ],
    [["12"], "megaroth: ID: no event #12 in the ledger (see: megaroth ledger list)"],
    [["-1"], 'megaroth: ID: "-1" is not an event id (a whole number from 1; see: megaroth ledger list)'],
  ])("refuses remove %j with one line, exit 2, and writes nothing", (args, message) => {
    const { db } = setup();
    const before = exported(db);
    const result = runCli(["ledger", "remove", ...args, "--db", db]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")[0]).toBe(message);
    expect(exported(db)).toBe(before);
  });

  it("after an edit and a removal, the export re-imports to the same ledger", () => {
    const { dir, db } = setup();
    runCli(["ledger", "edit", "4", "--amount", "1400", "--db", db]);
    runCli(["ledger", "remove", "4", "--db", db]);
    runCli(["ledger", "edit", "3", "--date", "2025-01-15", "--db", db]);
    const csv = join(dir, "export.csv");
    expect(runCli(["ledger", "export", "--output", csv, "--db", db]).code).toBe(0);
    expect(readFileSync(csv, "utf8")).toContain("2025-01-15,after-tax-contribution,sub,500.00");
    const copy = join(dir, "copy.sqlite");
    runCli(["ledger", "init", "--db", copy]);
    expect(runCli(["ledger", "import", csv, "--db", copy]).code).toBe(0);
    expect(exported(copy)).toBe(exported(db));
    const balance = (path: string) =>
      runCliJson(["ledger", "balance", "--as-of", "2025-12-31", "--db", path]);
    expect(balance(copy)).toEqual(balance(db));
  });
});

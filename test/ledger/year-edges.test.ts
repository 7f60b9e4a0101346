import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { foldLedger } from "../../packages/core/src/rules/ledger/fold.js";
import { reportYears, YearNotClosedError, yearReport } from "../../packages/core/src/rules/ledger/report.js";
import { runCli, runCliJson } from "../helpers/cli.js";
import { ev, open } from "./events.js";

/**
 * Inputs the audit found refused (issue 11 §5): reports for a year the ledger has no December 31 of, and
 * a roll-in of a traditional IRA's pretax money into a 401(k), the fix for the IRA pro-rata rule.
 */

const created: string[] = [];
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

function ledgerWith(csv: string): string {
  const dir = mkdtempSync(join(tmpdir(), "megaroth-year-edges-"));
  created.push(dir);
  const db = join(dir, "ledger.sqlite");
  const file = join(dir, "events.csv");
  expect(runCli(["ledger", "init", "--db", db]).code).toBe(0);
  if (csv !== "") {
    writeFileSync(file, csv);
    const imported = runCli(["ledger", "import", file, "--db", db]);
    expect(imported.stderr).toBe("");
  }
  return db;
}

interface ReportJson {
  year: number;
  asOf: string;
  yearComplete: boolean;
  accounts: { account: string; balance: number }[];
  form8606: { lines: Record<string, number> } | null;
  warnings: { code: string; message: string }[];
}

// A 2025 contribution made on 2026-03-01 (by the April 15, 2026 deadline, IRC §219(f)(3)) to an IRA opened
// on 2026-02-01: the ledger has no December 31, 2025, yet 2025 has a Form 8606: line 1 = 7,000; with no
// distribution or conversion in 2025 the form goes from line 3 (0 + 7,000) straight to line 14 = 7,000.
const PRIOR_YEAR = `date,type,account,amount,kind,tax_year
2026-02-01,open,ira,,traditional-ira,
2026-03-01,nondeductible-ira-contribution,ira,7000,,2025
`;

describe("ledger report for a year without a December 31", () => {
  it("a prior-year IRA contribution made Jan–Apr gives that year's Form 8606, lines 1 and 14", () => {
    const db = ledgerWith(PRIOR_YEAR);
    const r = runCliJson<ReportJson>(["ledger", "report", "--year", "2025", "--db", db]);
    expect(r.form8606?.lines).toEqual({ "1": 7000, "2": 0, "3": 7000, "14": 7000 });
    expect(r.accounts).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toContain("NO_ACCOUNT_AT_YEAR_END");
    const md = runCli(["ledger", "report", "--year", "2025", "--db", db]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain(
      "| 14 | Total basis carried to next year (line 3 minus line 13) | $7,000.00 |",
    );
  });

  it("the current year is reported as of its last event, and says so", () => {
    const db = ledgerWith(PRIOR_YEAR);
    const r = runCliJson<ReportJson>(["ledger", "report", "--year", "2026", "--db", db]);
    expect([r.asOf, r.yearComplete]).toEqual(["2026-03-01", false]);
    expect(r.accounts).toEqual([expect.objectContaining({ account: "ira", balance: 7000 })]);
    expect(r.warnings.find((w) => w.code === "YEAR_NOT_OVER")?.message).toContain("as of that date");
    const md = runCli(["ledger", "report", "--year", "2026", "--db", db]).stdout;
    expect(md).toContain("## Accounts (as of 2026-03-01, the last event: the year is not over)");
    // 2026 has no Part I: the 2025 basis (line 14) carries on untouched.
    expect(md).toContain("basis carried forward: $7,000.00");
  });

  it("an empty ledger gives an empty report, exit 0", () => {
    const db = ledgerWith("");
    const r = runCli(["ledger", "report", "--year", "2026", "--db", db, "--json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as ReportJson;
    expect([json.accounts, json.form8606, json.warnings.map((w) => w.code)]).toEqual([
      [],
      null,
      ["EMPTY_LEDGER"],
    ]);
  });

  it("a year after the last event is still refused with one line naming --year", () => {
    const db = ledgerWith(PRIOR_YEAR);
    const r = runCli(["ledger", "report", "--year", "2027", "--db", db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^megaroth: --year: the ledger's last event is on 2026-03-01/);
    expect(() => yearReport([], 2026)).not.toThrow();
    const events = [open("ira", "traditional-ira", "2026-02-01")];
    expect(() => yearReport(events, 2027)).toThrow(YearNotClosedError);
  });

  it("the report years are every year with events, and the years contributions are for", () => {
    const events = [
      open("ira", "traditional-ira", "2026-02-01"),
      ev({
        type: "nondeductible-ira-contribution",
        date: "2026-03-01",
        account: "ira",
        amount: 7000,
        taxYear: 2025,
      }),
    ];
    expect(reportYears(events)).toEqual([2025, 2026]);
    expect(reportYears([])).toEqual([]);
    // The fold alone closes no year here: the web page used to offer no year at all.
    expect([...foldLedger(events).yearEnd.keys()]).toEqual([]);
  });
});

// 93,000 of pretax money (a statement sets the balance; what the ledger did not record is earnings) and a
// 7,000 nondeductible contribution for 2026 in one IRA. Rolling the 93,000 into the 401(k) before
// December 31 leaves line 6 = 0: line 9 = 7,000 converted, line 10 = 7,000 / 7,000 = 1, line 11 = 7,000,
// line 18 = 0. Without the roll-in, line 6 = 93,000: line 10 = 7,000 / 100,000 = 0.07, line 11 = 490,
// line 18 = 6,510 (Form 8606 lines 6–18; IRC §408(d)(2)).
const ROLL_IN = `date,type,account,amount,kind,tax_year,to_account,to_amount
2026-01-02,open,ira,,traditional-ira,,,
2026-01-02,open,roth,,roth-ira,,,
2026-01-02,open,plan,,401k-pretax,,,
2026-01-05,statement-balance,ira,93000,,,,
2026-02-01,nondeductible-ira-contribution,ira,7000,,2026,,
2026-03-01,rollover,ira,93000,,,plan,93000
2026-03-05,roth-ira-conversion,ira,7000,,,roth,
2026-12-31,year-end-value,ira,0,,,,
`;

describe("a roll-in: a traditional IRA's pretax money rolled into a 401k-pretax account", () => {
  it("shrinks Form 8606 line 6, so the backdoor conversion is not taxable", () => {
    const db = ledgerWith(ROLL_IN);
    const r = runCliJson<ReportJson & { expected1099Rs: Record<string, unknown>[] }>([
      "ledger",
      ...["report", "--year", "2026", "--db", db],
    ]);
    expect(r.form8606?.lines).toMatchObject({
      "6": 0,
      "7": 0,
      "8": 7000,
      "9": 7000,
      "11": 7000,
      "14": 0,
      "18": 0,
    });
    expect(r.accounts.find((a) => a.account === "plan")?.balance).toBe(93000);
    // The IRA's 1099-R for the roll-in: a direct rollover to a plan, code G, box 2a 0.
    expect(r.expected1099Rs).toContainEqual({
      payer: "ira",
      taxYear: 2026,
      box1: 93000,
      box2a: 0,
      box5: 0,
      box7: "G",
    });
  });

  it("without it the same year is pro rata: line 18 = 6,510", () => {
    const db = ledgerWith(
      ROLL_IN.replace("2026-03-01,rollover,ira,93000,,,plan,93000\n", "").replace(
        "2026-12-31,year-end-value,ira,0",
        "2026-12-31,year-end-value,ira,93000",
      ),
    );
    const r = runCliJson<ReportJson>(["ledger", "report", "--year", "2026", "--db", db]);
    expect(r.form8606?.lines).toMatchObject({ "6": 93000, "9": 100000, "11": 490, "18": 6510 });
  });

  it("basis cannot roll into a plan (IRC §408(d)(3)(A)(ii)): at most balance less basis", () => {
    const events = [
      open("ira", "traditional-ira", "2026-01-02"),
      open("plan", "401k-pretax", "2026-01-02"),
      ev({
        type: "statement-balance",
        date: "2026-01-05",
        account: "ira",
        amount: 93000,
        basis: null,
        earnings: null,
      }),
      ev({
        type: "nondeductible-ira-contribution",
        date: "2026-02-01",
        account: "ira",
        amount: 7000,
        taxYear: 2026,
      }),
      ev({
        type: "rollover",
        date: "2026-03-01",
        account: "ira",
        amount: 93000.01,
        destinations: [{ account: "plan", amount: 93000.01 }],
      }),
    ];
    const state = foldLedger(events);
    expect(state.problems).toHaveLength(1);
    expect(state.problems[0]!.message).toContain("$93,000.00");
    expect(state.problems[0]!.message).toContain("IRC §408(d)(3)(A)(ii)");
    expect(state.accounts.get("plan")!.balance).toBe(0);
  });

  it("goes whole to one 401k-pretax account", () => {
    const events = [
      open("ira", "traditional-ira", "2026-01-02"),
      open("roth", "roth-ira", "2026-01-02"),
      open("plan", "401k-pretax", "2026-01-02"),
      ev({
        type: "statement-balance",
        date: "2026-01-05",
        account: "ira",
        amount: 1000,
        basis: null,
        earnings: null,
      }),
      ev({
        type: "rollover",
        date: "2026-03-01",
        account: "ira",
        amount: 1000,
        destinations: [{ account: "roth", amount: 1000 }],
      }),
      ev({
        type: "rollover",
        date: "2026-03-02",
        account: "ira",
        amount: 1000,
        destinations: [{ account: "plan", amount: 600 }],
      }),
    ];
    const problems = foldLedger(events).problems.map((p) => p.message);
    expect(problems[0]).toMatch(/"roth" is a roth-ira account \(allowed: 401k-pretax\)/);
    expect(problems[1]).toMatch(/goes whole to one 401k-pretax account/);
  });
});

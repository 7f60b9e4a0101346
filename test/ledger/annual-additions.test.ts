import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useSuppliedFigures } from "../../packages/core/src/data/figures.js";
import { parseSuppliedFigures } from "../../packages/core/src/data/supplied-figures.js";
import { foldLedger } from "../../packages/core/src/rules/ledger/fold.js";
import { yearReport } from "../../packages/core/src/rules/ledger/report.js";
import { runCli } from "../helpers/cli.js";
import { ev, open } from "./events.js";

const afterTax = (date: string, amount: number, account = "at") =>
  ev({ type: "after-tax-contribution", date, account, amount });

describe("ledger: old records against their own year's 415(c) limit (IRC §415(c)(1)(A), (2)(B))", () => {
  it("after-tax contributions of $49,000.01 in 2010 could not have been within 2010's $49,000 limit (Notice 2009-94)", () => {
    // 2010: 415(c)(1)(A) $49,000 (Notice 2009-94, unchanged from 2009). 30,000 + 19,000.01 = 49,000.01 > 49,000,
    // over by $0.01 — with no deferral and no employer money at all, one plan's annual additions exceed 415(c).
    const state = foldLedger([
      open("at", "401k-after-tax", "2010-01-01"),
      afterTax("2010-03-15", 30_000),
      afterTax("2010-11-15", 19_000.01),
    ]);
    const w = state.warnings.filter((x) => x.code === "after-tax-over-415c");
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain("after-tax contributions in 2010 total $49,000.01");
    expect(w[0]!.message).toContain("2010's 415(c) limit of $49,000.00 (by $0.01)");
    expect(w[0]!.message).toContain("Notice 2009-94");
  });

  it("exactly the limit is within it; each year is checked against its own limit; the year report shows it", () => {
    // 2005 limit $42,000 (Notice 2004-72), 2006 limit $44,000 (Notice 2005-75): 43,000 in 2006 is fine, in 2005 not
    const events = [
      open("at", "401k-after-tax", "2005-01-01"),
      afterTax("2005-06-01", 43_000),
      afterTax("2006-06-01", 43_000),
      afterTax("2007-06-01", 45_000), // 2007 limit $45,000 exactly
    ];
    const state = foldLedger(events);
    const over = state.warnings.filter((x) => x.code === "after-tax-over-415c");
    expect(over.map((x) => x.message.match(/in (\d{4}) total/)?.[1])).toEqual(["2005"]);
    expect(over[0]!.message).toContain("$42,000.00 (by $1,000.00)");
    expect(yearReport(events, 2005).warnings.map((x) => x.code)).toContain("after-tax-over-415c");
    expect(yearReport(events, 2006).warnings.map((x) => x.code)).not.toContain("after-tax-over-415c");
  });

  it("designated Roth contributions count too; a taxable account and separate plan accounts do not add up", () => {
    // Two plan accounts (they may be plans of unrelated employers, each with its own 415(c)): 30,000 each in 2018
    // (limit $55,000, Notice 2017-64) is not flagged; 56,000 to one Roth 401(k) account is.
    const state = foldLedger([
      open("at", "401k-after-tax", "2018-01-01"),
      open("roth", "roth-401k", "2018-01-01"),
      open("brokerage", "taxable", "2018-01-01"),
      afterTax("2018-02-01", 30_000, "at"),
      afterTax("2018-02-01", 30_000, "brokerage"),
      afterTax("2018-02-01", 30_000, "brokerage"),
      afterTax("2018-03-01", 56_000, "roth"),
    ]);
    const over = state.warnings.filter((x) => x.code === "after-tax-over-415c");
    expect(over).toHaveLength(1);
    expect(over[0]!.message).toMatch(
      /^roth: after-tax contributions in 2018 total \$56,000\.00, more than 2018's 415\(c\) limit of \$55,000\.00/,
    );
  });

  it("a year with no limit on file (before 2002) is not checked, and says so — never a guessed limit", () => {
    const state = foldLedger([open("at", "401k-after-tax", "2001-01-01"), afterTax("2001-05-01", 90_000)]);
    expect(state.warnings.map((x) => x.code)).toEqual(["annual-additions-not-checked"]);
    expect(state.warnings[0]!.message).toContain("no 415(c) limit on file for 2001");
  });

  it("a year not on file is checked against a supplied limit, marked as supplied", () => {
    const book = parseSuppliedFigures(
      { annualAdditionsLimit: { "2027": { value: 74_000, source: "test figures" } } },
      "test.json",
    );
    useSuppliedFigures(book);
    try {
      const state = foldLedger([
        open("at", "401k-after-tax", "2027-01-01"),
        afterTax("2027-05-01", 74_000.5),
      ]);
      expect(state.warnings[0]!.message).toContain("2027's 415(c) limit of $74,000.00 (by $0.50)");
      expect(state.warnings[0]!.message).toContain("supplied by you: test figures");
    } finally {
      useSuppliedFigures(null);
    }
  });
});

describe("ledger CLI: reconcile and report warn about a year over its own 415(c) limit", () => {
  const dir = mkdtempSync(join(tmpdir(), "megaroth-ledger-415c-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("2009: $25,000 + $24,000.50 of after-tax contributions against 2009's $49,000 limit (Notice 2008-102)", () => {
    const db = join(dir, "ledger.sqlite");
    const csv = join(dir, "old.csv");
    writeFileSync(
      csv,
      [
        "date,type,account,amount,kind,tax_year,to_account,basis,taxable,earnings,code,note",
        "2009-01-02,open,old-after-tax,,401k-after-tax,,,,,,,",
        "2009-03-31,after-tax-contribution,old-after-tax,25000.00,,,,,,,,",
        "2009-09-30,after-tax-contribution,old-after-tax,24000.50,,,,,,,,",
        "",
      ].join("\n"),
    );
    expect(runCli(["ledger", "init", "--db", db]).code).toBe(0);
    expect(runCli(["ledger", "import", csv, "--db", db]).code).toBe(0);
    const text = runCli(["ledger", "reconcile", "--db", db]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      "warning [after-tax-over-415c]: old-after-tax: after-tax contributions in 2009 total $49,000.50, more than 2009's 415(c) limit of $49,000.00 (by $0.50)",
    );
    const json = JSON.parse(runCli(["ledger", "reconcile", "--db", db, "--json"]).stdout) as {
      warnings: { code: string; message: string }[];
    };
    expect(json.warnings.map((w) => w.code)).toEqual(["after-tax-over-415c"]);
    expect(json.warnings[0]!.message).toContain("Notice 2008-102");
    const report = runCli(["ledger", "report", "--year", "2009", "--db", db]);
    expect(report.stdout).toContain("after-tax-over-415c");
  });
});

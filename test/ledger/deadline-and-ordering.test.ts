import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  contributionDateProblem,
  type LedgerEvent,
  validateEvent,
} from "../../packages/core/src/rules/ledger/events.js";
import { foldLedger, openFiveYearClocks } from "../../packages/core/src/rules/ledger/fold.js";
import { yearReport } from "../../packages/core/src/rules/ledger/report.js";
import { orderRothIraDistributions } from "../../packages/core/src/rules/ledger/roth-ira-ordering.js";
import { cents } from "../../packages/core/src/rules/money/cents.js";
import { runCli, runCliJson } from "../helpers/cli.js";
import { ev, open } from "./events.js";

/** A contribution's date and tax year, validated as the CSV import and `ledger add` validate them. */
const contribution = (date: string, taxYear: number) =>
  validateEvent({ type: "roth-ira-contribution", date, account: "r", amount: 100, taxYear });

describe("IRA contribution deadlines: the return due date without extensions, by tax year", () => {
  // IRC §219(f)(3), §408A(c)(7). 2019: July 15, 2020 (Notice 2020-23); 2020: May 17, 2021 (Notice 2021-21);
  // 2021: April 18, 2022 (April 15 was Emancipation Day); 2022: April 18, 2023 (Saturday, then Emancipation
  // Day observed Monday April 17); 2023–2026: April 15 of the next year.
  const lastDays: [number, string, string][] = [
    [2019, "2020-07-15", "2020-07-16"],
    [2020, "2021-05-17", "2021-05-18"],
    [2021, "2022-04-18", "2022-04-19"],
    [2022, "2023-04-18", "2023-04-19"],
    [2023, "2024-04-15", "2024-04-16"],
    [2024, "2025-04-15", "2025-04-16"],
    [2025, "2026-04-15", "2026-04-16"],
    [2026, "2027-04-15", "2027-04-16"],
  ];
  for (const [taxYear, last, dayAfter] of lastDays) {
    it(`${taxYear}: accepted on ${last}, refused on ${dayAfter}`, () => {
      expect(contribution(last, taxYear).issues).toEqual([]);
      expect(contribution(dayAfter, taxYear).issues).toEqual([
        {
          field: "taxYear",
          message: `a contribution made on ${dayAfter} cannot be for ${taxYear}: the deadline for ${taxYear} contributions was ${last}`,
        },
      ]);
    });
  }

  it("a prior-year contribution for a year without a deadline on file is a clear error, not a guess", () => {
    expect(contributionDateProblem("2010-03-01", 2009)).toBe(
      "cannot be checked: no IRA contribution deadline on file for tax year 2009 (supported: 2010–2026)",
    );
    expect(contributionDateProblem("2028-01-10", 2027)).toMatch(/tax year 2027 \(supported: 2010–2026\)/);
    // the date's own year needs no deadline, and two years back is never allowed
    expect(contributionDateProblem("2015-06-01", 2015)).toBeNull();
    expect(contributionDateProblem("2026-01-10", 2024)).toMatch(
      /must be the year of the date, or the prior year/,
    );
  });

  it("a 2019 nondeductible contribution made on July 1, 2020 reaches the 2019 Form 8606 (was refused)", () => {
    // Before: the April 15 check refused the event, so 2019 line 1 was 0.00. Now: line 1 = 6,000 (made for
    // 2019), line 4 = 6,000 (made in 2020, by the deadline), line 3 = line 1 + line 2 (0) = 6,000 and, with no
    // distributions or conversions, line 14 = line 3 = 6,000 carried to 2020.
    const state = foldLedger(
      [
        open("trad", "traditional-ira", "2019-01-01"),
        ev({ type: "year-end-value", date: "2019-12-31", account: "trad", amount: 0 }),
        ev({
          type: "nondeductible-ira-contribution",
          date: "2020-07-01",
          account: "trad",
          amount: 6000,
          taxYear: 2019,
        }),
      ],
      { asOf: "2020-12-31" },
    );
    expect(state.problems).toEqual([]);
    const form = state.form8606.get(2019)!;
    expect([form.lines["1"], form.input.contributionsMadeNextYear, form.lines["14"]]).toEqual([
      600_000, 600_000, 600_000,
    ]);
  });
});

/**
 * Case A, one Roth IRA. 2024: a 5,000 contribution. The account grows to 8,000 (3,000 of earnings). On
 * 2025-03-01, 7,000 is withdrawn; on 2025-06-01 a 2,000 contribution for 2025 is made.
 * Per event (the old figure): on March 1 the account held 5,000 of contributions, so 2,000 came out of
 * earnings: taxable "not checked". Year-end rule (Treas. Reg. §1.408A-6 Q&A-9): 2025's contributions count
 * for the whole year, so 5,000 + 2,000 = 7,000 of contributions cover the 7,000: earnings 0, taxable 0.00.
 */
const caseA = (late: { date: string; taxYear: number }): LedgerEvent[] => [
  open("r", "roth-ira", "2024-01-01"),
  ev({ type: "roth-ira-contribution", date: "2024-01-02", account: "r", amount: 5000, taxYear: 2024 }),
  ev({
    type: "statement-balance",
    date: "2025-02-28",
    account: "r",
    amount: 8000,
    basis: null,
    earnings: null,
  }),
  ev({ type: "distribution", date: "2025-03-01", account: "r", amount: 7000 }),
  ev({ type: "roth-ira-contribution", account: "r", amount: 2000, ...late }),
];

/**
 * Case B, two Roth IRAs. "a": a 6,000 contribution on 2025-01-05. "b": 10,000 of pretax plan money rolled in
 * on 2024-06-01 (taxable 10,000, a 2024 conversion layer). On 2025-03-01, 4,000 is withdrawn from "b".
 * Per account (the old figure): "b" has no contributions, so the 4,000 came out of the 2024 taxable layer:
 * 4,000 exposed to the 10% tax, 6,000 left on the clock. All Roth IRAs together (IRC §408A(d)(4)(A);
 * Q&A-9): 6,000 of contributions cover the 4,000: nothing exposed, 10,000 left on the 2024 clock,
 * contribution basis left 6,000 − 4,000 = 2,000.
 */
const caseB: LedgerEvent[] = [
  open("a", "roth-ira", "2024-01-01"),
  open("b", "roth-ira", "2024-01-01"),
  open("pre", "401k-pretax", "2024-01-01"),
  ev({ type: "employer-contribution", date: "2024-01-10", account: "pre", amount: 10000 }),
  ev({
    type: "rollover",
    date: "2024-06-01",
    account: "pre",
    amount: 10000,
    destinations: [{ account: "b", amount: 10000 }],
  }),
  ev({ type: "roth-ira-contribution", date: "2025-01-05", account: "a", amount: 6000, taxYear: 2025 }),
  ev({ type: "distribution", date: "2025-03-01", account: "b", amount: 4000 }),
];

describe("Roth IRA ordering at year end, all Roth IRAs together (Form 8606 Part III)", () => {
  it("case A: a contribution later in the year covers an earlier withdrawal", () => {
    const events = caseA({ date: "2025-06-01", taxYear: 2025 });
    const state = foldLedger(events, { asOf: "2025-12-31" });
    // the per-event view still says what the account held on March 1
    expect(state.movements.find((m) => m.type === "distribution")).toMatchObject({
      nontaxable: 500_000,
      taxable: null,
    });
    expect(state.rothIraYears.get(2025)).toMatchObject({
      distributions: 700_000,
      contributionBasis: 700_000,
      fromContributions: 700_000,
      fromConversions: [],
      earnings: 0,
      contributionBasisLeft: 0,
    });
    const report = yearReport(events, 2025);
    expect(report.accounts.find((a) => a.account === "r")!.taxable).toBe(0);
    // the account's own records hold the June 2,000 as basis; the year-end ordering already used it for
    // the March withdrawal (0 left), and the report says which figure Form 8606 Part III takes
    expect(report.accounts.find((a) => a.account === "r")!.basis).toBe(200_000);
    expect(report.warnings.find((w) => w.code === "ROTH_IRA_BASIS_BY_ACCOUNT")?.message).toMatch(
      /basis columns \(\$2,000\.00 at December 31\).*\$0\.00 of regular contributions.*\$0\.00 of conversions/,
    );
    const account = state.accounts.get("r")!;
    expect(account.basis + account.earnings).toBe(account.balance);
  });

  it("case A: a contribution for the year made by its deadline (April 15, 2026) counts too", () => {
    const events = caseA({ date: "2026-04-10", taxYear: 2025 });
    // folded to December 31 the contribution is not there yet: 2,000 out of earnings
    expect(foldLedger(events, { asOf: "2025-12-31" }).rothIraYears.get(2025)!.earnings).toBe(200_000);
    const report = yearReport(events, 2025);
    expect(report.rothIra).toMatchObject({ fromContributions: 700_000, earnings: 0 });
    expect(report.accounts.find((a) => a.account === "r")!.taxable).toBe(0);
    expect(report.steps.map((s) => [s.label.split(" (")[0], s.amount])).toContainEqual([
      "Basis in regular contributions for 2025 and earlier",
      700_000,
    ]);
  });

  it("case B: one Roth IRA's contributions cover a withdrawal from another; the conversion stays unexposed", () => {
    const state = foldLedger(caseB, { asOf: "2025-12-31" });
    expect(state.rothIraYears.get(2025)).toMatchObject({
      fromContributions: 400_000,
      fromConversions: [],
      exposedToAdditionalTax: 0,
      contributionBasisLeft: 200_000,
    });
    const clock = openFiveYearClocks(state, "2025-12-31").find((c) => c.rule === "conversion")!;
    expect([clock.account, clock.startYear, clock.taxable]).toEqual(["b", 2024, 1_000_000]);
    const report = yearReport(caseB, 2025);
    expect(report.openClocks.find((c) => c.rule === "conversion")!.taxable).toBe(1_000_000);
    // accounts: a 6,000 + b 6,000 = 12,000 = 2,000 of contributions + 10,000 of conversions left: no warning
    expect(report.warnings.map((w) => w.code)).not.toContain("ROTH_IRA_BASIS_BY_ACCOUNT");
    for (const a of state.accounts.values()) expect(a.basis + a.earnings).toBe(a.balance);
    expect(state.warnings.map((w) => w.code)).not.toContain("ROTH_IRA_ORDERING_PER_ACCOUNT");
  });

  it("a year's conversions are one layer, taxable part first, and count for a distribution earlier that year", () => {
    // 5,000 of 2025 contributions; 2026: 3,000 withdrawn in February, a 4,000 conversion (1,000 taxable) in
    // September, 6,000 withdrawn in October. The year's 9,000: 5,000 from contributions, then the 2026 layer,
    // taxable part first: 1,000 taxable + 3,000 nontaxable = 4,000; earnings 0; exposed to the 10% tax 1,000
    // (2026 is within 2026 + 4). The February withdrawal is not limited to what existed in February.
    const ordering = orderRothIraDistributions(
      [{ year: 2025, amount: cents(500_000) }],
      [{ year: 2026, amount: cents(400_000), taxable: cents(100_000) }],
      [
        { year: 2026, amount: cents(300_000) },
        { year: 2026, amount: cents(600_000) },
      ],
    );
    expect(ordering.years.get(2026)).toMatchObject({
      distributions: 900_000,
      fromContributions: 500_000,
      fromConversions: [{ conversionYear: 2026, amount: 400_000, taxable: 100_000, nontaxable: 300_000 }],
      earnings: 0,
      exposedToAdditionalTax: 100_000,
    });
    expect(ordering.orderedOut[0]!.get(2026)).toBe(400_000);
  });
});

describe("year-end ordering: properties", () => {
  it("each year's distributions split exactly into contributions, conversion layers and earnings; nothing goes negative", () => {
    const year = fc.integer({ min: 2020, max: 2026 });
    const amount = fc.integer({ min: 1, max: 1_000_000 }).map(cents);
    fc.assert(
      fc.property(
        fc.array(fc.record({ year, amount }), { maxLength: 6 }),
        fc.array(
          fc.record({ year, amount, share: fc.integer({ min: 0, max: 100 }) }).map((c) => ({
            year: c.year,
            amount: c.amount,
            taxable: cents(Math.floor((c.amount * c.share) / 100)),
          })),
          { maxLength: 6 },
        ),
        fc.array(fc.record({ year, amount }), { maxLength: 6 }),
        (contributions, conversions, distributions) => {
          const ordering = orderRothIraDistributions(contributions, conversions, distributions);
          for (const y of ordering.years.values()) {
            const layers = y.fromConversions.reduce((s, l) => s + l.amount, 0);
            expect(y.fromContributions + layers + y.earnings).toBe(y.distributions);
            expect(y.contributionBasisLeft).toBeGreaterThanOrEqual(0);
            expect(y.earnings).toBeGreaterThanOrEqual(0);
            for (const l of y.fromConversions) expect(l.taxable! + l.nontaxable!).toBe(l.amount);
          }
          conversions.forEach((c, i) => {
            for (const out of ordering.orderedOut[i]!.values()) expect(out).toBeLessThanOrEqual(c.amount);
          });
        },
      ),
    );
  });
});

const created: string[] = [];
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

describe("through the CLI", () => {
  const HEADER =
    "date,type,account,amount,kind,tax_year,to_account,to_amount,basis,taxable,earnings,code,note";
  const ledger = (...rows: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), "megaroth-ledger-order-"));
    created.push(dir);
    const db = join(dir, "ledger.sqlite");
    const file = join(dir, "ledger.csv");
    writeFileSync(file, `${HEADER}\n${rows.join("\n")}\n`);
    expect(runCli(["ledger", "init", "--db", db]).code).toBe(0);
    return { db, file };
  };

  it("accepts a 2019 Roth IRA contribution on July 15, 2020 and refuses one on July 16 (exit 2, one line)", () => {
    const { db } = ledger();
    const add = (...args: string[]) => runCli(["ledger", "add", "--db", db, ...args]);
    expect(add("--type", "open", "--date", "2019-01-01", "--account", "r", "--kind", "roth-ira").code).toBe(
      0,
    );
    const contribute = (date: string) =>
      add(
        "--type",
        "roth-ira-contribution",
        "--date",
        date,
        "--account",
        "r",
        "--amount",
        "6000",
        "--tax-year",
        "2019",
      );
    expect(contribute("2020-07-15").code).toBe(0);
    const late = contribute("2020-07-16");
    expect(late.code).toBe(2);
    expect(late.stderr).toBe(
      "megaroth: --tax-year: a contribution made on 2020-07-16 cannot be for 2019: the deadline for 2019 contributions was 2020-07-15\n",
    );
  });

  it("ledger report --year 2025 --json orders case A and case B at year end", () => {
    const { db, file } = ledger(
      "2024-01-01,open,a,,roth-ira,,,,,,,,",
      "2024-01-01,open,b,,roth-ira,,,,,,,,",
      "2024-01-01,open,pre,,401k-pretax,,,,,,,,",
      "2024-01-10,employer-contribution,pre,10000.00,,,,,,,,,",
      "2024-06-01,rollover,pre,10000.00,,,b,10000.00,,,,,",
      "2025-01-05,roth-ira-contribution,a,6000.00,,2025,,,,,,,",
      "2025-02-28,statement-balance,a,9000.00,,,,,,,,,",
      "2025-03-01,distribution,a,8000.00,,,,,,,,,",
      "2025-03-01,distribution,b,4000.00,,,,,,,,,",
      "2026-04-15,roth-ira-contribution,a,5000.00,,2025,,,,,,,for 2025 on the deadline",
    );
    expect(runCli(["ledger", "import", file, "--db", db]).code).toBe(0);
    const report = runCliJson<{
      accounts: { account: string; taxable: number | null }[];
      rothIra: Record<string, unknown>;
      openClocks: { rule: string; account: string; taxable: number | null }[];
      warnings: { code: string; message: string }[];
    }>(["ledger", "report", "--year", "2025", "--db", db]);
    // 12,000 withdrawn in 2025 (8,000 from a, 4,000 from b); contributions for 2025: 6,000 + 5,000 (made
    // 2026-04-15, the deadline) = 11,000 → 11,000 from contributions, then 1,000 from the 2024 layer's
    // taxable part (exposed to the 10% tax: 2025 ≤ 2024 + 4), earnings 0 → no account shows "not checked".
    // Per event, "a" would have shown 2,000 of earnings (8,000 out of 6,000 of basis) and "b" 4,000 exposed.
    expect(report.rothIra).toMatchObject({
      distributions: 12000,
      contributionBasis: 11000,
      fromContributions: 11000,
      fromConversions: [
        { conversionYear: 2024, amount: 1000, taxable: 1000, nontaxable: 0, withinFiveYears: true },
      ],
      earnings: 0,
      exposedToAdditionalTax: 1000,
      contributionBasisLeft: 0,
    });
    expect(report.accounts.filter((a) => a.account !== "pre").map((a) => [a.account, a.taxable])).toEqual([
      ["a", 0],
      ["b", 0],
    ]);
    // the 2024 clock: 10,000 taxable − 1,000 ordered out in 2025 = 9,000
    expect(report.openClocks.find((c) => c.rule === "conversion")).toMatchObject({
      account: "b",
      taxable: 9000,
    });
    // by account (each withdrawal against its own account): a 0 + b 6,000 = 6,000; year-end: 0 + 9,000
    expect(report.warnings.find((w) => w.code === "ROTH_IRA_BASIS_BY_ACCOUNT")?.message).toMatch(
      /\(\$6,000\.00 at December 31\).*\$0\.00 of regular contributions.*\$9,000\.00 of conversions/,
    );
    const markdown = runCli(["ledger", "report", "--year", "2025", "--db", db]).stdout;
    expect(markdown).toContain("| regular contributions (basis $11,000.00) | $11,000.00 |");
    expect(markdown).toContain("| 2024 conversions and rollovers, taxable part | $1,000.00 |");
  });
});

import { describe, expect, it } from "vitest";
import { foldLedger, openFiveYearClocks } from "../../packages/core/src/rules/ledger/fold.js";
import { reconcile } from "../../packages/core/src/rules/ledger/reconcile.js";
import { yearReport } from "../../packages/core/src/rules/ledger/report.js";
import { ev, open } from "./events.js";

/** Edge cases checked by hand in the independent review of the ledger fold. */

describe("ledger fold: review edges", () => {
  it("a year's plan rollovers to a Roth IRA are one layer: its taxable parts leave first", () => {
    // 2026: 10,000 of after-tax basis rolled to the Roth IRA (taxable 0), then 10,000 of pretax money
    // (taxable 10,000). Treas. Reg. §1.408A-6 Q&A-8(b)/Q&A-9: the 2026 conversions are aggregated and
    // the taxable part goes first, so a 10,000 withdrawal in 2027 takes the whole 10,000 taxable part:
    // nothing taxable is left exposed to the 10% (before the fix the second layer still showed 10,000).
    const state = foldLedger([
      open("sub", "401k-after-tax", "2026-01-01"),
      open("pre", "401k-pretax", "2026-01-01"),
      open("roth", "roth-ira", "2026-01-01"),
      ev({ type: "after-tax-contribution", date: "2026-01-10", account: "sub", amount: 10000 }),
      ev({ type: "employer-contribution", date: "2026-01-10", account: "pre", amount: 10000 }),
      ev({
        type: "rollover",
        date: "2026-02-01",
        account: "sub",
        amount: 10000,
        destinations: [{ account: "roth", amount: 10000 }],
      }),
      ev({
        type: "rollover",
        date: "2026-03-01",
        account: "pre",
        amount: 10000,
        destinations: [{ account: "roth", amount: 10000 }],
      }),
      ev({ type: "distribution", date: "2027-06-01", account: "roth", amount: 10000 }),
    ]);
    const clocks = openFiveYearClocks(state, "2027-12-31").filter((c) => c.rule === "conversion");
    expect(clocks.map((c) => [c.startYear, c.taxable])).toEqual([
      [2026, 0],
      [2026, 0],
    ]);
    // the distribution is all conversion basis (20,000 of layers): nothing is earnings
    const roth = state.accounts.get("roth")!;
    expect([roth.balance, roth.basis, roth.earnings]).toEqual([1_000_000, 1_000_000, 0]);
  });

  it("after-tax basis not recovered by a conversion at a loss stays basis and shelters later earnings", () => {
    // IRC §72(e)(6): investment in the contract = contributions − amounts received tax-free.
    // 2026: 10,000 contributed, worth 9,500, all 9,500 converted in plan: taxable 0, box 5 9,500, 500 left.
    // 2027: 10,000 more, worth 10,100, all converted: investment 10,500 ≥ 10,100 → taxable 0, box 5 10,100,
    // 400 of basis still left in the empty subaccount.
    const state = foldLedger([
      open("sub", "401k-after-tax", "2026-01-01"),
      open("r401k", "roth-401k", "2026-01-01"),
      ev({ type: "after-tax-contribution", date: "2026-01-10", account: "sub", amount: 10000 }),
      ev({
        type: "statement-balance",
        date: "2026-03-31",
        account: "sub",
        amount: 9500,
        basis: null,
        earnings: null,
      }),
      ev({
        type: "in-plan-roth-conversion",
        date: "2026-04-01",
        account: "sub",
        toAccount: "r401k",
        amount: 9500,
      }),
      ev({ type: "after-tax-contribution", date: "2027-01-10", account: "sub", amount: 10000 }),
      ev({
        type: "statement-balance",
        date: "2027-03-31",
        account: "sub",
        amount: 10100,
        basis: null,
        earnings: null,
      }),
      ev({
        type: "in-plan-roth-conversion",
        date: "2027-04-01",
        account: "sub",
        toAccount: "r401k",
        amount: 10100,
      }),
    ]);
    expect(state.expected1099Rs.map((e) => [e.taxYear, e.code, e.box1, e.box2a, e.box5])).toEqual([
      [2026, "G", 950_000, 0, 950_000],
      [2027, "G", 1_010_000, 0, 1_010_000],
    ]);
    const sub = state.accounts.get("sub")!;
    expect([sub.balance, sub.basis, sub.earnings]).toEqual([0, 40_000, -40_000]);
  });
});

describe("ledger report: taxable parts", () => {
  it("a traditional IRA distribution with no basis shows wholly taxable; Roth earnings are not known taxable", () => {
    // No nondeductible contribution → no Form 8606 Part I; the 2,000 distribution is all taxable (IRC §408(d)(1)).
    // Roth IRA: 1,000 contributed, 1,500 at a statement, 1,500 withdrawn: 500 of earnings, taxable only if the
    // distribution is not qualified (IRC §408A(d)(2)), which the ledger cannot tell (no birth date): null.
    const report = yearReport(
      [
        open("trad", "traditional-ira", "2026-01-01"),
        open("roth", "roth-ira", "2026-01-01"),
        ev({
          type: "statement-balance",
          date: "2026-01-02",
          account: "trad",
          amount: 10000,
          basis: null,
          earnings: null,
        }),
        ev({ type: "distribution", date: "2026-03-01", account: "trad", amount: 2000 }),
        ev({
          type: "roth-ira-contribution",
          date: "2026-01-05",
          account: "roth",
          amount: 1000,
          taxYear: 2026,
        }),
        ev({
          type: "statement-balance",
          date: "2026-06-01",
          account: "roth",
          amount: 1500,
          basis: null,
          earnings: null,
        }),
        ev({ type: "distribution", date: "2026-06-02", account: "roth", amount: 1500 }),
      ],
      2026,
    );
    const taxable = Object.fromEntries(report.accounts.map((a) => [a.account, a.taxable]));
    expect(taxable).toEqual({ roth: null, trad: 200_000 });
  });
});

describe("reconciliation: box 7 age digits", () => {
  it("a designated Roth 1099-R coded 1B (early, under 59½) matches the code B the events imply", () => {
    // 1099-R instructions: code B combines with 1 or 2 by age; the ledger holds no birth date, so it expects
    // B and must not call a correct 1B a code mismatch. Boxes still compared: box 1 5,000; box 5 = the pro-rata
    // basis 5,000 × 8,000/10,000 = 4,000, and the form says 4,000.
    const events = [
      open("r401k", "roth-401k", "2026-01-01"),
      ev({ type: "after-tax-contribution", date: "2026-01-10", account: "r401k", amount: 8000 }),
      ev({
        type: "statement-balance",
        date: "2026-05-31",
        account: "r401k",
        amount: 10000,
        basis: null,
        earnings: null,
      }),
      ev({ type: "distribution", date: "2026-06-01", account: "r401k", amount: 5000 }),
      ev({
        type: "1099-r",
        date: "2027-01-31",
        account: "r401k",
        taxYear: 2026,
        amount: 5000,
        taxable: 1000,
        basis: 4000,
        code: "1B",
      }),
    ];
    expect(reconcile(foldLedger(events))).toEqual([]);
    const wrongBasis = events.slice(0, 4).concat(
      ev({
        type: "1099-r",
        date: "2027-01-31",
        account: "r401k",
        taxYear: 2026,
        amount: 5000,
        taxable: 1000,
        basis: 3000,
        code: "1B",
      }),
    );
    expect(reconcile(foldLedger(wrongBasis)).map((f) => f.code)).toEqual(["FORM_1099R_BOX5_MISMATCH"]);
  });
});

describe("yearly report: clocks as of December 31", () => {
  it("a withdrawal the next year does not shrink the exposure the year's report shows", () => {
    // 2026 backdoor: 7,000 nondeductible, 7,010 converted, L18 = 10.00 taxable (exact L10 = 7,000/7,010).
    // On Dec 31, 2026 the 2026 conversion's taxable 10.00 is exposed to the 10% until 2030; a March 2027
    // withdrawal of 7,010 takes it, but the 2026 report must still show 10.00 (it showed 0.00).
    const events = [
      open("trad", "traditional-ira", "2026-01-01"),
      open("roth", "roth-ira", "2026-01-01"),
      ev({
        type: "nondeductible-ira-contribution",
        date: "2026-01-05",
        account: "trad",
        amount: 7000,
        taxYear: 2026,
      }),
      ev({
        type: "statement-balance",
        date: "2026-01-20",
        account: "trad",
        amount: 7010,
        basis: null,
        earnings: null,
      }),
      ev({
        type: "roth-ira-conversion",
        date: "2026-01-21",
        account: "trad",
        toAccount: "roth",
        amount: 7010,
      }),
      ev({ type: "distribution", date: "2027-03-01", account: "roth", amount: 7010 }),
    ];
    const clock = (year: number) =>
      yearReport(events, year).openClocks.find((c) => c.rule === "conversion")?.taxable;
    expect(clock(2026)).toBe(1_000);
    expect(clock(2027)).toBe(0);
  });
});

describe("designated Roth rollover to a Roth IRA", () => {
  it("carries the investment in the contract as regular basis and says when all of it would be", () => {
    // 8,000 Roth deferrals worth 10,000, all rolled to a Roth IRA: 8,000 → Form 8606 line 22 basis (IRC §402A,
    // §408A; Form 8606 line 22 instructions); 2,000 earnings. A qualified distribution makes all 10,000 basis
    // (Treas. Reg. §1.408A-10 Q&A-3), which the ledger cannot tell without a birth date: it warns.
    const state = foldLedger([
      open("r401k", "roth-401k", "2020-01-01"),
      open("roth", "roth-ira", "2020-01-01"),
      ev({ type: "after-tax-contribution", date: "2020-01-10", account: "r401k", amount: 8000 }),
      ev({
        type: "statement-balance",
        date: "2026-05-31",
        account: "r401k",
        amount: 10000,
        basis: null,
        earnings: null,
      }),
      ev({
        type: "rollover",
        date: "2026-06-01",
        account: "r401k",
        amount: 10000,
        destinations: [{ account: "roth", amount: 10000 }],
      }),
    ]);
    const roth = state.accounts.get("roth")!;
    expect([roth.regularBasis, roth.earnings]).toEqual([800_000, 200_000]);
    expect(state.warnings.map((w) => w.code)).toContain("DESIGNATED_ROTH_ROLLOVER_BASIS");
  });
});

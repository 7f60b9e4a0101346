import { describe, expect, it } from "vitest";
import * as api from "../../packages/core/src/index.js";
import { dollars } from "../../packages/core/src/index.js";

/**
 * Issue 11 §2–§5 through the checked library (`@megaroth/core`): the same figures as the CLI tests in
 * test/conversion/audit-cli.test.ts and test/ledger/year-edges.test.ts, whose comments derive them.
 */
describe("the audit's examples through @megaroth/core", () => {
  it("§2 homebuyer money inside the five years: line 20 0, taxable 12,000, 10% 200", () => {
    const w = api.rothWithdrawal({
      year: 2026,
      amount: dollars(15000),
      age: 35,
      regularContributions: dollars(3000),
      firstRothYear: 2023,
      firstTimeHomebuyerExpenses: dollars(10000),
    });
    expect(w.form8606Lines["20"]?.dollars).toBe(0);
    expect([w.includibleInIncome.dollars, w.additionalTax10Pct.dollars, w.fiveYearPeriodMet]).toEqual([
      12000,
      200,
      false,
    ]);
  });

  it("§3 QDCG worksheet line 25: 2026 mfj 100,861 with 2,099 of gains → 11,613.42", () => {
    const t = api.federalTax({
      year: 2026,
      filingStatus: "mfj",
      taxableIncome: dollars(100861),
      ltcg: dollars(2099),
    });
    expect([t.tax.dollars, t.worksheet?.line23.dollars, t.worksheet?.line24.dollars]).toEqual([
      11613.42, 11649.59, 11613.42,
    ]);
  });

  it("§4 Form 8606 3dp as printed: 7,000.65 / 6,999.35 / 49.35; exact 7,000 / 7,000 / 50", () => {
    const f = (ratio: "3dp" | "exact") =>
      api.form8606({
        year: 2025,
        nondeductibleContributions: dollars(7000),
        contributionsMadeNextYear: dollars(7000),
        priorBasis: dollars(7000),
        converted: dollars(7050),
        ratio,
      }).lines;
    const l = f("3dp");
    expect([l["11"]?.dollars, l["14"]?.dollars, l["18"]?.dollars]).toEqual([7000.65, 6999.35, 49.35]);
    const e = f("exact");
    expect([e["11"]?.dollars, e["14"]?.dollars, e["18"]?.dollars]).toEqual([7000, 7000, 50]);
  });

  it("§5 ledger: a 2025 contribution made in 2026 gives 2025's Form 8606; an empty ledger an empty report", () => {
    const events = [
      { type: "open", date: "2026-02-01", account: "ira", kind: "traditional-ira" },
      {
        type: "nondeductible-ira-contribution",
        date: "2026-03-01",
        account: "ira",
        amount: dollars(7000),
        taxYear: 2025,
      },
    ] as const;
    const r2025 = api.ledgerReport(events, { year: 2025 });
    expect([r2025.form8606?.lines["1"]?.dollars, r2025.form8606?.lines["14"]?.dollars]).toEqual([7000, 7000]);
    const r2026 = api.ledgerReport(events, { year: 2026 });
    expect([r2026.asOf, r2026.yearComplete]).toEqual(["2026-03-01", false]);
    expect(api.ledgerReport([], { year: 2026 }).accounts).toEqual([]);
  });
});
